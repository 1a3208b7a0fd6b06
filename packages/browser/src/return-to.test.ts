import { afterEach, describe, expect, it } from 'vitest'
import { restoreReturnTo } from './return-to.ts'

afterEach(() => history.replaceState(null, '', '/'))

describe('restoreReturnTo', () => {
  it('puts a same-origin path back, keeping history.state', () => {
    history.replaceState({ keep: 1 }, '', '/')
    restoreReturnTo({ returnTo: '/orders/7?tab=2#items' })
    expect(location.pathname + location.search + location.hash).toBe('/orders/7?tab=2#items')
    expect(history.state).toEqual({ keep: 1 })
  })

  it.each([
    [{ returnTo: 'https://evil.example/' }],
    [{ returnTo: '//evil.example/x' }],
    [{ returnTo: '/\\evil.example/x' }],
    [{ returnTo: '/\t/evil.example/x' }],
    [{ returnTo: 'javascript:alert(1)' }],
    [{ returnTo: 'relative' }],
    [{ returnTo: 42 }],
    [{}],
    [null],
    ['/string-app-state'],
  ])('ignores %o', (appState) => {
    history.replaceState(null, '', '/start?a=1')
    restoreReturnTo(appState)
    expect(location.href).toBe(location.origin + '/start?a=1')
  })
})
