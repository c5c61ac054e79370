import { describe, expect, it } from 'vitest'
import { readRequestHost } from './request-host.ts'

const read = (headers: Record<string, string>, trustProxy = false, encrypted = false) =>
  readRequestHost({ headers, encrypted }, trustProxy)

describe('reading the request host', () => {
  it('lowercases the host and strips the port for lookups, keeping it in the origin', () => {
    expect(read({ host: 'FashionHub.Localhost:3000' })).toEqual({
      proto: 'http',
      hostname: 'fashionhub.localhost',
      host: 'fashionhub.localhost:3000',
      origin: 'http://fashionhub.localhost:3000',
    })
  })

  it('leaves out the default port of the scheme and a trailing dot', () => {
    expect(read({ host: 'fashionhub.lu.:443' }, false, true)?.origin).toBe('https://fashionhub.lu')
    expect(read({ host: 'fashionhub.lu:80' })?.origin).toBe('http://fashionhub.lu')
    expect(read({ host: 'fashionhub.lu:8443' }, false, true)?.origin).toBe(
      'https://fashionhub.lu:8443',
    )
  })

  it('accepts IPv6 literals', () => {
    expect(read({ host: '[::1]:3000' })).toMatchObject({ hostname: '[::1]', host: '[::1]:3000' })
  })

  it('refuses a missing or malformed host', () => {
    expect(read({})).toBeNull()
    for (const host of [
      'evil.com/x',
      'a b',
      'user@host',
      'host:99999',
      'host:',
      '..',
      'h\u00e9.lu',
    ])
      expect(read({ host }), host).toBeNull()
  })

  it('ignores X-Forwarded-Host and X-Forwarded-Proto unless the proxy is trusted', () => {
    const headers = {
      host: 'internal:3000',
      'x-forwarded-host': 'fashionhub.lu',
      'x-forwarded-proto': 'https',
    }
    expect(read(headers, false)?.origin).toBe('http://internal:3000')
    expect(read(headers, true)).toMatchObject({
      hostname: 'fashionhub.lu',
      origin: 'https://fashionhub.lu',
    })
  })

  it('takes the first of several forwarded values, and the socket when the proto is odd', () => {
    const headers = {
      host: 'internal',
      'x-forwarded-host': 'FashionHub.lu, proxy.internal',
      'x-forwarded-proto': 'gopher',
    }
    expect(read(headers, true, true)?.origin).toBe('https://fashionhub.lu')
    expect(read({ host: 'internal', 'x-forwarded-proto': 'HTTPS, http' }, true)?.origin).toBe(
      'https://internal',
    )
  })
})
