// A small MIME reader for the local mailbox (RFC 5322 headers, RFC 2045–2047 bodies and
// encoded words, RFC 2231 parameters in their common forms): enough to show the admin what
// arrived — subject, text, HTML and inline images. Tests compare it with mailparser.

export type MailHeader = { name: string; value: string }

export type MailAttachment = {
  filename: string | null
  contentType: string
  /** Without angle brackets, as `cid:` links name it. */
  contentId: string | null
  disposition: 'inline' | 'attachment'
  content: Buffer
}

export type ParsedEmail = {
  headers: MailHeader[]
  subject: string
  from: string
  to: string
  date: string | null
  messageId: string | null
  text: string | null
  html: string | null
  attachments: MailAttachment[]
}

const decodeCharset = (bytes: Buffer, charset: string | undefined): string => {
  try {
    return new TextDecoder((charset || 'utf-8').trim().toLowerCase()).decode(bytes)
  } catch {
    return bytes.toString('utf8')
  }
}

const decodeQuotedPrintable = (text: string, underscoreIsSpace = false): Buffer => {
  const source = underscoreIsSpace ? text.replace(/_/g, ' ') : text.replace(/=\r?\n/g, '')
  const bytes: number[] = []
  for (let i = 0; i < source.length; i++) {
    const hex = source.slice(i + 1, i + 3)
    if (source[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16))
      i += 2
    } else bytes.push(source.charCodeAt(i) & 0xff)
  }
  return Buffer.from(bytes)
}

/** Decodes RFC 2047 encoded words (`=?utf-8?B?…?=`); whitespace between two of them is dropped. */
const decodeWords = (value: string): string =>
  value
    .replace(/(\?=)\s+(=\?)/g, '$1$2')
    .replace(
      /=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g,
      (_m, charset: string, encoding: string, text: string) => {
        const bytes =
          encoding.toUpperCase() === 'B'
            ? Buffer.from(text, 'base64')
            : decodeQuotedPrintable(text, true)
        return decodeCharset(bytes, charset.split('*')[0])
      },
    )

const splitHeadersAndBody = (source: string): { head: string; body: string } => {
  const match = /\r?\n\r?\n/.exec(source)
  if (!match) return { head: source, body: '' }
  return { head: source.slice(0, match.index), body: source.slice(match.index + match[0].length) }
}

/** The header fields of a message or part (unfolded; raw 8-bit values read as UTF-8). */
const parseHeaders = (head: string): MailHeader[] =>
  head
    .replace(/\r?\n[ \t]+/g, ' ')
    .split(/\r?\n/)
    .map((line) => {
      const colon = line.indexOf(':')
      if (colon <= 0) return null
      const value = Buffer.from(line.slice(colon + 1).trim(), 'latin1').toString('utf8')
      return { name: line.slice(0, colon).trim().toLowerCase(), value }
    })
    .filter((h): h is MailHeader => h !== null)

const header = (headers: MailHeader[], name: string) =>
  headers.find((h) => h.name === name)?.value ?? null

/** RFC 2231 `charset'language'percent-encoded` → text. */
const decodeExtended = (value: string): string => {
  const [, charset = 'utf-8', encoded = value] = /^([^']*)'[^']*'(.*)$/.exec(value) ?? []
  const bytes = Buffer.from(
    encoded.replace(/%([0-9A-Fa-f]{2})/g, (_m, hex: string) =>
      String.fromCharCode(parseInt(hex, 16)),
    ),
    'latin1',
  )
  return decodeCharset(bytes, charset)
}

/** `type/subtype; a=1; b="two"` → value and parameters (RFC 2231 forms included). */
const parseStructured = (value: string | null) => {
  const [first = '', ...rest] = (value ?? '').split(/;(?=(?:[^"]*"[^"]*")*[^"]*$)/)
  const params = new Map<string, string>()
  const sections = new Map<string, { extended: boolean; parts: string[] }>()
  for (const part of rest) {
    const eq = part.indexOf('=')
    if (eq < 0) continue
    const key = part.slice(0, eq).trim().toLowerCase()
    let raw = part.slice(eq + 1).trim()
    if (raw.startsWith('"') && raw.endsWith('"')) raw = raw.slice(1, -1).replace(/\\(.)/g, '$1')
    const section = /^(.+?)\*(\d+)(\*?)$/.exec(key)
    if (section) {
      const entry = sections.get(section[1]!) ?? { extended: false, parts: [] }
      entry.parts[Number(section[2])] = raw
      if (section[2] === '0' && section[3]) entry.extended = true
      sections.set(section[1]!, entry)
    } else if (key.endsWith('*')) params.set(key.slice(0, -1), decodeExtended(raw))
    else params.set(key, decodeWords(raw))
  }
  for (const [key, { extended, parts }] of sections)
    params.set(key, extended ? decodeExtended(parts.join('')) : decodeWords(parts.join('')))
  return { value: first.trim().toLowerCase(), params }
}

const decodeBody = (body: string, encoding: string | null): Buffer => {
  switch ((encoding ?? '').trim().toLowerCase()) {
    case 'base64':
      return Buffer.from(body.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64')
    case 'quoted-printable':
      return decodeQuotedPrintable(body)
    default:
      return Buffer.from(body, 'latin1')
  }
}

type Collected = Pick<ParsedEmail, 'text' | 'html' | 'attachments'>

const walk = (source: string, into: Collected, depth = 0) => {
  const { head, body } = splitHeadersAndBody(source)
  const headers = parseHeaders(head)
  const type = parseStructured(header(headers, 'content-type') ?? 'text/plain')
  const disposition = parseStructured(header(headers, 'content-disposition'))
  const boundary = type.params.get('boundary')
  if (type.value.startsWith('multipart/') && boundary && depth < 10) {
    const delimiter = new RegExp(
      `(?:^|\\r?\\n)--${boundary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(--)?[ \\t]*(?=\\r?\\n|$)`,
      'g',
    )
    const marks = [...body.matchAll(delimiter)]
    for (let i = 0; i < marks.length - 1; i++) {
      const mark = marks[i]!
      if (mark[1]) break
      const start = mark.index + mark[0].length
      walk(body.slice(start, marks[i + 1]!.index).replace(/^\r?\n/, ''), into, depth + 1)
    }
    return
  }
  const content = decodeBody(body, header(headers, 'content-transfer-encoding'))
  const filename = disposition.params.get('filename') ?? type.params.get('name') ?? null
  const isAttachment = disposition.value === 'attachment' || filename !== null
  if (!isAttachment && type.value === 'text/plain' && into.text === null) {
    into.text = decodeCharset(content, type.params.get('charset'))
    return
  }
  if (!isAttachment && type.value === 'text/html' && into.html === null) {
    into.html = decodeCharset(content, type.params.get('charset'))
    return
  }
  const contentId = header(headers, 'content-id')
  into.attachments.push({
    filename,
    contentType: type.value,
    contentId: contentId ? contentId.replace(/^<|>$/g, '') : null,
    disposition: disposition.value === 'inline' ? 'inline' : 'attachment',
    content,
  })
}

/** Reads a whole message (its raw source as received). */
export const parseEmail = (raw: Buffer): ParsedEmail => {
  const source = raw.toString('latin1')
  const headers = parseHeaders(splitHeadersAndBody(source).head)
  const collected: Collected = { text: null, html: null, attachments: [] }
  walk(source, collected)
  const decoded = (name: string) => decodeWords(header(headers, name) ?? '')
  return {
    headers: headers.map((h) => ({ name: h.name, value: decodeWords(h.value) })),
    subject: decoded('subject'),
    from: decoded('from'),
    to: decoded('to'),
    date: header(headers, 'date'),
    messageId: header(headers, 'message-id'),
    ...collected,
  }
}

/** Subject, From, To and Message-ID of a message, from its header block only. */
export const readEnvelopeHeaders = (raw: Buffer) => {
  const headers = parseHeaders(splitHeadersAndBody(raw.toString('latin1')).head)
  const decoded = (name: string) => decodeWords(header(headers, name) ?? '')
  return {
    subject: decoded('subject'),
    from: decoded('from'),
    to: decoded('to'),
    messageId: header(headers, 'message-id'),
  }
}
