import nodemailer, { type SendMailOptions, type Transporter } from 'nodemailer'
import type { SMTPPoolOptions, SMTPPoolSentMessageInfo } from 'nodemailer/lib/smtp-pool'
import type { EffectiveSmtpConfig } from './smtp-config.ts'

/** What the SMTP server answered to an accepted message. */
export type SentInfo = { messageId: string; response: string; accepted: string[] }

/**
 * Sends through pooled SMTP connections (nodemailer's pool), one pool per effective
 * configuration: when the admin changes the settings, the next email opens a new pool and the
 * old one closes.
 */
export type Mailer = {
  send: (smtp: EffectiveSmtpConfig, message: SendMailOptions) => Promise<SentInfo>
  close: () => void
}

export type MailerOptions = {
  maxConnections?: number
  /** Connect, greeting and TLS-upgrade timeouts (ms). */
  connectionTimeoutMs?: number
  /** Idle time on an open connection before the attempt fails (ms). */
  socketTimeoutMs?: number
}

/** nodemailer's pooled-transport options for the effective settings. */
const transportOptions = (
  smtp: EffectiveSmtpConfig,
  options: MailerOptions = {},
): SMTPPoolOptions => {
  if (!smtp.host.value) throw new Error(smtp.problems[0] ?? 'No SMTP host is configured.')
  const timeout = options.connectionTimeoutMs ?? 15_000
  return {
    pool: true,
    maxConnections: options.maxConnections ?? 5,
    maxMessages: 100,
    // A message whose connection closed under it is tried once more on another connection;
    // beyond that the job's own retries (recorded on the email's row) take over.
    maxRequeues: 1,
    host: smtp.host.value,
    port: smtp.port.value,
    secure: smtp.secure.value === 'tls',
    requireTLS: smtp.secure.value === 'starttls',
    ignoreTLS: smtp.secure.value === 'none',
    tls: { rejectUnauthorized: smtp.tlsVerify.value },
    ...(smtp.user.value
      ? {
          auth: {
            user: smtp.user.value,
            pass: smtp.password.value ?? '',
            ...(smtp.authMethod.value !== 'auto' ? { method: smtp.authMethod.value } : {}),
          },
        }
      : {}),
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: options.socketTimeoutMs ?? 60_000,
    logger: false,
    debug: false,
  }
}

/** The part of the effective settings that makes a pool different (password included). */
const poolKey = (smtp: EffectiveSmtpConfig) =>
  JSON.stringify([
    smtp.host.value,
    smtp.port.value,
    smtp.secure.value,
    smtp.user.value,
    smtp.password.value,
    smtp.authMethod.value,
    smtp.tlsVerify.value,
  ])

export const createMailer = (options: MailerOptions = {}): Mailer => {
  const pools = new Map<string, Transporter<SMTPPoolSentMessageInfo>>()
  const poolFor = (smtp: EffectiveSmtpConfig) => {
    const key = poolKey(smtp)
    let pool = pools.get(key)
    if (!pool) {
      for (const [oldKey, old] of pools) {
        old.close()
        pools.delete(oldKey)
      }
      pool = nodemailer.createTransport(transportOptions(smtp, options))
      pools.set(key, pool)
    }
    return pool
  }
  return {
    send: async (smtp, message) => {
      const info = await poolFor(smtp).sendMail(message)
      return {
        messageId: info.messageId,
        response: info.response,
        accepted: info.accepted.map(String),
      }
    },
    close: () => {
      for (const pool of pools.values()) pool.close()
      pools.clear()
    },
  }
}
