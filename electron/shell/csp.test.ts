import { describe, expect, it } from 'vitest'
import { KIOSK_CSP } from '../core/renderer-files.ts'
import { withKioskCsp } from './csp.ts'

// The policy's directives are checked in core/renderer-files.test.ts.

describe('withKioskCsp', () => {
  it('replaces a policy sent by the response, whatever its casing', () => {
    const headers = withKioskCsp({
      'content-security-policy': ["default-src *; script-src 'unsafe-eval'"],
      'Content-Security-Policy-Report-Only': 'default-src *',
      'Content-Type': 'text/html',
    })
    expect(headers).toEqual({
      'Content-Type': ['text/html'],
      'Content-Security-Policy': [KIOSK_CSP],
      'X-Content-Type-Options': ['nosniff'],
    })
  })

  it('adds the policy to a response without headers', () => {
    expect(withKioskCsp(undefined)['Content-Security-Policy']).toEqual([KIOSK_CSP])
  })
})
