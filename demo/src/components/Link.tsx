import { NavLink, type NavLinkProps } from 'react-router'

/**
 * A link inside the app: React Router's `NavLink` (history navigation, `aria-current="page"` on the
 * current page); modified clicks (new tab, …) stay native.
 */
export function Link({ href, ...rest }: Omit<NavLinkProps, 'to'> & { href: string }) {
  return <NavLink to={href} end {...rest} />
}
