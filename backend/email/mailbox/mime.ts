import PostalMime, { decodeWords } from 'postal-mime'

// What the admin mailbox shows of a received message — headers, subject, text, HTML and inline
// images — read by postal-mime. Tests compare it with mailparser.

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
  messageId: string | null
  text: string | null
  html: string | null
  attachments: MailAttachment[]
}

const bytesOf = (content: ArrayBuffer | Uint8Array | string): Buffer =>
  typeof content === 'string'
    ? Buffer.from(content, 'utf8')
    : content instanceof Uint8Array
      ? Buffer.from(content)
      : Buffer.from(content)

/** Reads a whole message (its raw source as received). */
export const parseEmail = async (raw: Buffer): Promise<ParsedEmail> => {
  const email = await PostalMime.parse(raw, { attachmentEncoding: 'arraybuffer' })
  // Header values as written (encoded words decoded): From and To as the sender wrote them.
  const headers = email.headers.map((h) => ({ name: h.key, value: decodeWords(h.value) }))
  const header = (name: string) => headers.find((h) => h.name === name)?.value ?? ''
  return {
    headers,
    subject: email.subject ?? '',
    from: header('from'),
    to: header('to'),
    messageId: email.messageId ?? null,
    text: email.text ?? null,
    html: email.html ?? null,
    attachments: email.attachments.map((attachment) => ({
      filename: attachment.filename,
      contentType: attachment.mimeType,
      contentId: attachment.contentId?.replace(/^<|>$/g, '') ?? null,
      disposition: attachment.disposition === 'inline' ? 'inline' : 'attachment',
      content: bytesOf(attachment.content),
    })),
  }
}

/**
 * Subject, From, To and Message-ID of a message, as the mailbox list stores them; blank for a
 * message postal-mime refuses (its limits), which is kept all the same.
 */
export const readEnvelopeHeaders = async (raw: Buffer) => {
  const parsed = await parseEmail(raw).catch(() => null)
  return {
    subject: parsed?.subject ?? '',
    from: parsed?.from ?? '',
    to: parsed?.to ?? '',
    messageId: parsed?.messageId ?? null,
  }
}
