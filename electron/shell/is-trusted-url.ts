// Which URLs the kiosk window may show: its own pages and nothing else. No electron import, so
// it is tested under Node (is-trusted-url.test.ts).

/** The origin the renderer is served from by the shell's privileged `app:` protocol. */
export const APP_ORIGIN = 'app://rewardflow'

const hasDotSegment = (pathname: string): boolean => {
  let decoded: string
  try {
    decoded = decodeURIComponent(pathname)
  } catch {
    return true // a malformed escape is never one of our URLs
  }
  if (decoded.includes('\\') || decoded.includes('\0')) return true
  return decoded.split('/').some((segment) => segment === '..' || segment === '.')
}

// A dot segment as written, before the URL parser folds it away (`/%2e%2e/` included): such a
// URL is never one we produce, so it is refused rather than resolved.
const WRITTEN_DOT_SEGMENT = /[/\\](?:\.|%2e){1,2}(?=[/\\?#]|%2f|%5c|$)/i

const parse = (value: string): URL | null => {
  try {
    return new URL(value)
  } catch {
    return null
  }
}

/**
 * True when `url` is one of the app's own pages. `appOrigin` is either the custom scheme origin
 * (`app://rewardflow`) or the `file://` URL of the renderer bundle's folder; a `file:` URL is
 * trusted only inside that folder. Userinfo, other hosts and ports, lookalike hosts, dot segments
 * (escaped or not) and every other scheme (`javascript:`, `data:`, `http:` …) are refused.
 */
export const isTrustedUrl = (url: string, appOrigin: string): boolean => {
  const target = parse(url)
  const origin = parse(appOrigin)
  if (!target || !origin) return false
  if (WRITTEN_DOT_SEGMENT.test(url)) return false
  if (target.username !== '' || target.password !== '') return false
  if (target.protocol !== origin.protocol) return false
  // The URL parser folds plain `..`; escaped or backslashed ones are caught here.
  if (hasDotSegment(target.pathname)) return false

  if (origin.protocol === 'file:') {
    if (target.host !== '' || origin.host !== '') return false
    const root = origin.pathname.endsWith('/') ? origin.pathname : `${origin.pathname}/`
    return target.pathname.startsWith(root)
  }

  // Custom schemes have an opaque `origin` ("null") in WHATWG URL: compare host and port.
  return (
    target.hostname !== '' && target.hostname === origin.hostname && target.port === origin.port
  )
}
