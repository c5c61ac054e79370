import type { AddressInfo } from 'node:net'
import type { Knex } from 'knex'
import { SMTPServer } from 'smtp-server'
import type { Logger } from '../../logger.ts'
import { setRunningLocalMailbox, type LocalMailboxEndpoint } from './local-mailbox-endpoint.ts'
import { readEnvelopeHeaders } from './mime.ts'

/** Messages larger than this are refused (552), like a real provider would. */
export const LOCAL_MAILBOX_MAX_BYTES = 25 * 1024 * 1024

export type LocalMailbox = LocalMailboxEndpoint & { stop: () => Promise<void> }

/**
 * The embedded default of email (no SMTP_HOST): a real SMTP server inside RewardFlow, on a free
 * loopback port, no TLS and no auth, that keeps every message it receives in
 * `mailbox_messages`. The sender reaches it through the same SMTP path as a production server
 * (effectiveSmtpConfig points at it), and the admin reads it at /admin/mailbox.
 */
export const startLocalMailbox = async (
  db: Knex,
  log: Logger,
  options: { port?: number; register?: boolean } = {},
): Promise<LocalMailbox> => {
  const server = new SMTPServer({
    name: 'rewardflow-local-mailbox',
    banner: 'RewardFlow local mailbox',
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: LOCAL_MAILBOX_MAX_BYTES,
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('error', (error) => callback(error))
      stream.on('end', () => {
        if (stream.sizeExceeded) {
          callback(Object.assign(new Error('Message too large'), { responseCode: 552 }))
          return
        }
        const raw = Buffer.concat(chunks)
        readEnvelopeHeaders(raw)
          .then((headers) =>
            db('mailbox_messages')
              .insert({
                mail_from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
                rcpt_to: session.envelope.rcptTo.map((r) => r.address),
                from_header: headers.from,
                to_header: headers.to,
                subject: headers.subject,
                message_id: headers.messageId,
                raw,
                size: raw.length,
              })
              .returning('id'),
          )
          .then(
            ([row]) => callback(null, `Stored in the RewardFlow mailbox as ${row.id}`),
            (error: unknown) => {
              log.error({ err: error }, 'local mailbox could not store a message')
              // 451: the sender keeps the email and tries again (a temporary failure).
              callback(
                Object.assign(new Error('Mailbox unavailable, try again later'), {
                  responseCode: 451,
                }),
              )
            },
          )
      })
    },
  })
  server.on('error', (error) => log.warn({ err: error }, 'local mailbox connection error'))
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.server.off('error', reject)
      resolve()
    })
  })
  const endpoint = { host: '127.0.0.1', port: (server.server.address() as AddressInfo).port }
  const register = options.register ?? true
  if (register) setRunningLocalMailbox(endpoint)
  log.info(endpoint, 'local mailbox listening (no SMTP_HOST: emails stay in RewardFlow)')
  return {
    ...endpoint,
    stop: async () => {
      if (register) setRunningLocalMailbox(null)
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
