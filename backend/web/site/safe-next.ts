import { storePathPrefix, type Site } from './site.ts'

const MAX_LENGTH = 2048
const PROBE_ORIGIN = 'http://next.invalid'
const STORE_PATH = /^\/s\/([^/]+)(\/.*)?$/

const hasControlCharacter = (value: string) =>
  [...value].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)

/**
 * A `?next=` value that is safe to redirect to on this site, or null (redirect to a default).
 * Only a root-relative path of the same site passes: no `//host`, scheme, backslash or control
 * character, no `..` that climbs out of the store. The store prefix is fitted to the host form
 * (added on the path form, dropped on a store's own host: docs/lessons.md #10); another store's
 * `/s/<code>`, or any store's from the platform, is refused.
 */
export const safeNext = (next: unknown, site: Site): string | null => {
  if (typeof next !== 'string' || next.length === 0 || next.length > MAX_LENGTH) return null
  if (!next.startsWith('/') || next.startsWith('//') || next.includes('\\')) return null
  if (hasControlCharacter(next)) return null
  let url: URL
  try {
    url = new URL(next, PROBE_ORIGIN)
  } catch {
    return null
  }
  // The parser resolved `.`/`..` (also %2e-encoded); what is left must still be a local path.
  if (url.origin !== PROBE_ORIGIN || url.pathname.startsWith('//')) return null
  let path = url.pathname
  const store = STORE_PATH.exec(path)
  if (store) {
    const own = site.kind === 'store' ? storePathPrefix(site.store.code) : null
    if (`/s/${store[1]!.toLowerCase()}` !== own) return null
    path = store[2] ?? '/'
  }
  const prefix = site.kind === 'store' ? site.prefix : ''
  return `${prefix}${path}${url.search}${url.hash}`
}
