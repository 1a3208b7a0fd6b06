/** Where the TanStack Router page lives: tanstack.html, served for /tanstack and every path below. */
export const TANSTACK_BASE = '/tanstack'

/** True for a path of the TanStack Router page (another document than the main demo's). */
export function isTanStackPath(path: string): boolean {
  return path === TANSTACK_BASE || path.startsWith(`${TANSTACK_BASE}/`)
}
