import { KIOSK_CSP } from '../core/renderer-files.ts'

// The kiosk window's policy on every response it receives. The policy itself is the one the web
// host sends too (core/renderer-files.ts). No electron import; csp.test.ts checks it.

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
