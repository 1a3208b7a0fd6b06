import type { AnchorHTMLAttributes, MouseEvent } from 'react'
import { navigate, usePath } from '../router.ts'

/** An `<a>` that navigates with `history.pushState`; modified clicks (new tab, …) stay native. */
export function Link({ href, onClick, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const path = usePath()
  const handle = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event)
    if (event.defaultPrevented || event.button != 0) return
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return
    event.preventDefault()
    navigate(href)
  }
  return <a href={href} onClick={handle} aria-current={path == href ? 'page' : undefined} {...rest} />
}
