// The kiosk window's Content-Security-Policy: its own scripts and styles only, no eval, no
// inline script, no network but its own origin (the kiosk core talks to the backend, the page
// talks to the core over IPC). No electron import; csp.test.ts checks it.

export const KIOSK_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "media-src 'self'",
  "object-src 'none'",
  "frame-src 'none'",
  "worker-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ')

export type ResponseHeaders = Record<string, string[] | string>

/** The response headers with our CSP in place of any the response carried (any casing). */
export const withKioskCsp = (headers: ResponseHeaders | undefined): Record<string, string[]> => {
  const next: Record<string, string[]> = {}
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() === 'content-security-policy') continue
    if (name.toLowerCase() === 'content-security-policy-report-only') continue
    next[name] = Array.isArray(value) ? value : [value]
  }
  next['Content-Security-Policy'] = [KIOSK_CSP]
  next['X-Content-Type-Options'] = ['nosniff']
  return next
}
