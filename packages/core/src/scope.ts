/** Normalizes a scope string: `openid` first, no duplicates, single spaces. */
export function normalizeScope(...scopes: (string | undefined)[]): string {
  const words = new Set(['openid'])
  for (const scope of scopes) for (const word of scope?.split(/\s+/) ?? []) if (word) words.add(word)
  return [...words].join(' ')
}
