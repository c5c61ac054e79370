import type { SmtpReply } from './smtp-connection.ts'

/** What a server announces in its EHLO answer (RFC 5321 and its extensions). */
export type EhloExtensions = {
  /** The name the server gives itself on the first line. */
  serverName: string
  /** SIZE limit in bytes; 0 when SIZE is announced without a limit, null when not announced. */
  size: number | null
  eightBitMime: boolean
  smtpUtf8: boolean
  startTls: boolean
  pipelining: boolean
  /** Mechanisms from the AUTH lines (also the old `AUTH=…` form), upper-case, in order. */
  authMethods: string[]
  /** Every keyword announced, upper-case. */
  keywords: string[]
}

export const parseEhlo = (reply: SmtpReply): EhloExtensions => {
  const [first = '', ...rest] = reply.lines
  const entries = rest.map((line) =>
    line
      .trim()
      .split(/[\s=]+/)
      .filter(Boolean),
  )
  const keywords = [...new Set(entries.map(([keyword = '']) => keyword.toUpperCase()))].filter(
    Boolean,
  )
  const args = (keyword: string) =>
    entries
      .filter(([k = '']) => k.toUpperCase() === keyword)
      .flatMap(([, ...values]) => values.map((v) => v.toUpperCase()))
  const sizeArg = args('SIZE')[0]
  return {
    serverName: first.trim().split(/\s+/)[0] ?? '',
    size: keywords.includes('SIZE') ? Number(sizeArg ?? 0) || 0 : null,
    eightBitMime: keywords.includes('8BITMIME'),
    smtpUtf8: keywords.includes('SMTPUTF8'),
    startTls: keywords.includes('STARTTLS'),
    pipelining: keywords.includes('PIPELINING'),
    authMethods: [...new Set(args('AUTH'))],
    keywords,
  }
}
