import { afterEach, describe, expect, it } from 'vitest'
import { isCallbackUrl, restoreReturnTo } from './callback-url.ts'

afterEach(() => history.replaceState(null, '', '/'))

describe('isCallbackUrl', () => {
  it.each([
    ['https://app.example/?code=c&state=s', true],
    ['https://app.example/cb?error=access_denied&state=s', true],
    ['https://app.example/?code=c', false],
    ['https://app.example/?state=s', false],
    ['https://app.example/?code=c&state=', false],
    ['https://app.example/?code=c&state=a&state=b', false],
    ['https://app.example/#code=c&state=s', false],
  ])('%s → %s', (href, expected) => expect(isCallbackUrl(href)).toBe(expected))
})

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
