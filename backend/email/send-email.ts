import type { Knex } from 'knex'
import addressparser from 'nodemailer/lib/addressparser'
import type { Config } from '../config.ts'
import type { Logger } from '../logger.ts'
import type { Mailer, SentInfo } from './mailer.ts'
import { renderOutboundEmail, type OutboundEmailRow } from './render-email.ts'
import { effectiveSmtpConfig, type EffectiveSmtpConfig } from './smtp-config.ts'
import { EmailTemplateError } from './template-engine.ts'

export type SendContext = {
  db: Knex
  config: Pick<Config, 'smtp' | 'baseUrl' | 'hostRouting' | 'dataDir' | 'emailSettingsKey'>
  log: Logger
  mailer: Mailer
  /** The worker process sending (its lease): an attempt of a process gone may be taken over. */
  workerProcessId?: string
}

/** What became of one attempt (the job retries only on `retry`). */
export type SendOutcome =
  | { status: 'sent'; messageId: string; response: string }
  | { status: 'failed'; error: string }
  | { status: 'retry'; error: string }
  | { status: 'skipped'; reason: 'already-sent' | 'already-failed' | 'not-found' }

/** Thrown by the job on a temporary failure: graphile-worker retries it with backoff. */
export class TemporaryEmailFailure extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'TemporaryEmailFailure'
  }
}

/** An attempt that started this long ago and never finished (a crashed worker) may be taken over. */
export const STALE_ATTEMPT_MINUTES = 15

/**
 * An email left `sending` that another attempt may take over: started long ago, or claimed by a
 * worker process that is no longer alive (its lease was reaped: backend/jobs/worker-liveness.ts).
 */
export const abandonedAttempt = (q: Knex.QueryBuilder, table = 'outbound_emails') =>
  q
    .where(`${table}.status`, 'sending')
    .where((gone) =>
      gone
        .whereRaw(`${table}.last_attempt_at < now() - make_interval(mins => ?)`, [
          STALE_ATTEMPT_MINUTES,
        ])
        .orWhere((dead) =>
          dead
            .whereNotNull(`${table}.claimed_by`)
            .whereNotExists((p) =>
              p
                .select(p.client.raw('1'))
                .from('job_worker_processes as p')
                .whereRaw(`p.id = ${table}.claimed_by`),
            ),
        ),
    )

type ClaimedRow = OutboundEmailRow & { to_address: string; attempts: number }

type SmtpError = Error & {
  code?: string
  responseCode?: number
  response?: string
  command?: string
  permanent?: boolean
}

/** Permanent: the server refused for good (5xx, but 503 "bad sequence"); all else is temporary. */
const isPermanentSmtpFailure = (error: SmtpError) =>
  error.permanent ??
  (typeof error.responseCode === 'number' &&
    error.responseCode >= 500 &&
    error.responseCode < 600 &&
    error.responseCode !== 503)

/** One line for the email log: code, SMTP command and the server's words. */
export const describeSmtpError = (error: SmtpError, smtp?: EffectiveSmtpConfig) => {
  const where = smtp?.host.value
    ? ` (${smtp.host.value}:${smtp.port.value}, ${smtp.secure.value})`
    : ''
  const what = error.response ?? error.message
  const code = [error.code, error.command].filter(Boolean).join(' ')
  return `${code ? `${code}: ` : ''}${what}${where}`.slice(0, 2000)
}

const senderAddress = (from: string, name: string) => {
  const [first] = addressparser(from, { flatten: true })
  return first?.address ? { name: name || first.name, address: first.address } : from
}

/**
 * One attempt at one outbound email, the row being the idempotency key: the row is claimed
 * (queued → sending) in one statement, so of two concurrent or repeated jobs only one sends,
 * and a job that runs again after a success finds it `sent` and does nothing. Then it renders,
 * sends over SMTP with the effective settings and records the outcome on the row: sent (message
 * id, server answer) or failed (error, attempts); a temporary failure (4xx, timeout, refused
 * connection) goes back to queued with its error for the next attempt, unless it was the last.
 */
export const sendOutboundEmail = async (
  context: SendContext,
  props: { outboundEmailId: string; attempt: number; maxAttempts: number },
): Promise<SendOutcome> => {
  const { db, log } = context
  const id = props.outboundEmailId
  const [row]: ClaimedRow[] = await db('outbound_emails')
    .where('id', id)
    .where((q) => q.where('status', 'queued').orWhere((abandoned) => abandonedAttempt(abandoned)))
    .update({
      status: 'sending',
      claimed_by: context.workerProcessId ?? null,
      attempts: db.raw('attempts + 1'),
      last_attempt_at: db.fn.now(),
      updated_at: db.fn.now(),
    })
    .returning([
      'id',
      'merchant_id',
      'store_id',
      'template',
      'language',
      'variables',
      'to_address',
      'attempts',
    ])
  if (!row) {
    const current = await db('outbound_emails').where('id', id).first('status')
    if (!current) {
      log.info(
        { outbound_email_id: id },
        'email no longer exists (its account was deleted); nothing to send',
      )
      return { status: 'skipped', reason: 'not-found' }
    }
    if (current.status === 'sent' || current.status === 'failed') {
      log.info(
        { outbound_email_id: id, status: current.status },
        'email already handled; not sent again',
      )
      return {
        status: 'skipped',
        reason: current.status === 'sent' ? 'already-sent' : 'already-failed',
      }
    }
    // Another worker is sending it right now: look again later (then it is sent, or stale).
    throw new TemporaryEmailFailure(`email ${id} is being sent by another worker`)
  }

  // What this attempt sent, or meant to send: written with its outcome, whichever it is.
  const attempted: { subject?: string; from_address?: string; smtp_host?: string } = {}

  const fail = async (error: string, permanent: boolean): Promise<SendOutcome> => {
    const last = props.attempt >= props.maxAttempts
    const final = permanent || last
    await db('outbound_emails')
      .where({ id, status: 'sending' })
      .update({
        ...attempted,
        status: final ? 'failed' : 'queued',
        last_error: error,
        failed_at: final ? db.fn.now() : null,
        updated_at: db.fn.now(),
      })
    const fields = {
      outbound_email_id: id,
      template: row.template,
      attempts: row.attempts,
      permanent,
      err_message: error,
    }
    if (final)
      log.error(fields, permanent ? 'email failed permanently' : 'email failed: no attempts left')
    else log.warn(fields, 'email attempt failed; it will be retried')
    return final ? { status: 'failed', error } : { status: 'retry', error }
  }

  let smtp: EffectiveSmtpConfig | undefined
  let info: SentInfo
  try {
    const rendered = await renderOutboundEmail(db, context.config, row)
    smtp = await effectiveSmtpConfig(db, context.config)
    if (!smtp.host.value) return await fail(smtp.problems.join(' '), false)
    const from = senderAddress(smtp.from.value, rendered.senderName)
    attempted.subject = rendered.subject
    attempted.from_address = typeof from === 'string' ? from : `${from.name} <${from.address}>`
    attempted.smtp_host = `${smtp.host.value}:${smtp.port.value}`
    const domain = typeof from === 'string' ? 'rewardflow.invalid' : from.address.split('@')[1]
    info = await context.mailer.send(smtp, {
      from,
      to: row.to_address,
      subject: rendered.subject,
      html: rendered.html,
      text: rendered.text,
      // The row id: a receiving server sees the same Message-ID if this email ever came twice.
      messageId: `<${id}@${domain}>`,
      headers: { 'X-RewardFlow-Email-Id': id },
      attachments: rendered.inlineImages.map((image) => ({
        cid: image.cid,
        filename: image.filename,
        contentType: image.contentType,
        content: image.content,
        contentDisposition: 'inline' as const,
      })),
    })
  } catch (error) {
    if (error instanceof EmailTemplateError) return fail(error.message, true)
    const smtpError = error as SmtpError
    return fail(describeSmtpError(smtpError, smtp), isPermanentSmtpFailure(smtpError))
  }

  // The server has the email: from here on nothing may lead to sending it again. If the row
  // cannot be updated, it stays `sending` (visible in the log) and no retry is asked for.
  for (let tries = 1; ; tries++) {
    try {
      await db('outbound_emails')
        .where({ id, status: 'sending' })
        .update({
          ...attempted,
          status: 'sent',
          message_id: info.messageId,
          smtp_response: info.response,
          sent_at: db.fn.now(),
          updated_at: db.fn.now(),
        })
      break
    } catch (error) {
      if (tries >= 3) {
        log.error(
          { err: error, outbound_email_id: id, message_id: info.messageId },
          'email sent but its row could not be marked sent; it stays "sending" and is not retried',
        )
        break
      }
      await new Promise((resolve) => setTimeout(resolve, 500 * tries))
    }
  }
  log.info(
    {
      outbound_email_id: id,
      template: row.template,
      message_id: info.messageId,
      response: info.response,
    },
    'email sent',
  )
  return { status: 'sent', messageId: info.messageId, response: info.response }
}
