import type { ErrorOut, KoaContextWithOIDC } from 'oidc-provider'

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

// Plain pages: the defaults import web fonts, which hang or fail in sandboxed test browsers.
function page(title: string, body: string): string {
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body>${body}</body></html>`
}

/**
 * RP-initiated logout without the confirmation click: the form oidc-provider hands us (it carries
 * the XSRF token) gets `logout=yes` and submits itself; without JavaScript a button remains.
 */
export function logoutSource(ctx: KoaContextWithOIDC, form: string): void {
  const autoForm = form.replace('</form>', '<input type="hidden" name="logout" value="yes"/></form>')
  ctx.type = 'html'
  ctx.body = page(
    'Signing out',
    `${autoForm}<noscript><button type="submit" form="op.logoutForm" name="logout" value="yes">Sign out</button></noscript>` +
      `<script>document.forms[0].submit()</script>`,
  )
}

/** Shown after logout when the client gave no `post_logout_redirect_uri`. */
export function postLogoutSuccessSource(ctx: KoaContextWithOIDC): void {
  ctx.type = 'html'
  ctx.body = page('Signed out', '<h1>Signed out</h1>')
}

/** Error page for errors that cannot be redirected to the client (bad client_id, redirect_uri…). */
export function renderError(ctx: KoaContextWithOIDC, out: ErrorOut): void {
  const rows = Object.entries(out)
    .map(([key, value]) => `<p><strong>${escapeHtml(key)}</strong>: ${escapeHtml(String(value))}</p>`)
    .join('')
  ctx.type = 'html'
  ctx.body = page('Error', `<h1>Error</h1>${rows}`)
}
