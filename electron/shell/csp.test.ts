import { describe, expect, it } from 'vitest'
import { KIOSK_CSP, withKioskCsp } from './csp.ts'

const directive = (name: string) =>
  KIOSK_CSP.split(';')
    .map((part) => part.trim())
    .find((part) => part.startsWith(`${name} `))

describe('KIOSK_CSP', () => {
  it('allows only the app’s own scripts, without eval or inline code', () => {
    expect(directive('default-src')).toBe("default-src 'self'")
    expect(directive('script-src')).toBe("script-src 'self'")
    expect(KIOSK_CSP).not.toMatch(/unsafe-eval|unsafe-inline|wasm-unsafe-eval|\*/)
  })

  it('lets the page reach nothing but its own origin', () => {
    expect(directive('connect-src')).toBe("connect-src 'self'")
    expect(directive('object-src')).toBe("object-src 'none'")
    expect(directive('frame-src')).toBe("frame-src 'none'")
    expect(directive('form-action')).toBe("form-action 'none'")
  })
})

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
