/** The first form of a provider page: where it posts, its hidden fields, and the page's Cancel link. */
export interface PageForm {
  action: URL
  fields: Record<string, string>
  abort: URL | null
}

function decode(value: string): string {
  return value.replace(/&(amp|lt|gt|quot|#39|#x27|#\d+);/g, (entity, name: string) => {
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"' }
    return named[name] ?? String.fromCharCode(Number(name.replace('#x', '0x').replace('#', '')))
  })
}

function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name}="([^"]*)"`, 'i').exec(tag)
  return match?.[1] === undefined ? undefined : decode(match[1])
}

/** Read the pages oidc-provider renders (devInteractions, logout, form_post); null when there is no form. */
export function parseForm(html: string, base: URL): PageForm | null {
  const form = /<form\b[^>]*>([\s\S]*?)<\/form>/i.exec(html)
  if (!form) return null
  const action = attribute(form[0].slice(0, form[0].indexOf('>') + 1), 'action') ?? base.href
  const fields: Record<string, string> = {}
  for (const [input] of form[1]?.matchAll(/<input\b[^>]*>/gi) ?? []) {
    const name = attribute(input, 'name')
    if (name && attribute(input, 'type') === 'hidden') fields[name] = attribute(input, 'value') ?? ''
  }
  const abort = /href="([^"]*\/abort)"/.exec(html)?.[1]
  return { action: new URL(action, base), fields, abort: abort ? new URL(decode(abort), base) : null }
}
