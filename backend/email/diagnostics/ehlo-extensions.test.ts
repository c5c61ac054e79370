import { describe, expect, it } from 'vitest'
import { parseEhlo } from './ehlo-extensions.ts'

describe('parseEhlo', () => {
  it('reads size, 8BITMIME, SMTPUTF8, STARTTLS and the AUTH methods', () => {
    const extensions = parseEhlo({
      code: 250,
      lines: [
        'mail.example.com Hello [192.0.2.1]',
        'SIZE 35882577',
        '8BITMIME',
        'AUTH LOGIN PLAIN XOAUTH2',
        'AUTH=LOGIN',
        'ENHANCEDSTATUSCODES',
        'PIPELINING',
        'SMTPUTF8',
        'STARTTLS',
      ],
    })
    expect(extensions).toEqual({
      serverName: 'mail.example.com',
      size: 35882577,
      eightBitMime: true,
      smtpUtf8: true,
      startTls: true,
      pipelining: true,
      authMethods: ['LOGIN', 'PLAIN', 'XOAUTH2'],
      keywords: [
        'SIZE',
        '8BITMIME',
        'AUTH',
        'ENHANCEDSTATUSCODES',
        'PIPELINING',
        'SMTPUTF8',
        'STARTTLS',
      ],
    })
  })

  it('knows a SIZE without limit from no SIZE at all, and a server without extensions', () => {
    expect(parseEhlo({ code: 250, lines: ['mx', 'SIZE'] }).size).toBe(0)
    expect(parseEhlo({ code: 250, lines: ['mx'] })).toMatchObject({
      size: null,
      authMethods: [],
      startTls: false,
    })
  })
})
