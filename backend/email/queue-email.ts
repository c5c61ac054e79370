import type { Knex } from 'knex'
import { DEFAULT_LANGUAGE, isLanguage, type Language } from '../../shared/languages.ts'
import { enqueueJob } from '../jobs/enqueue.ts'

/**
 * The variables the caller of each email template provides (template code → variables). The
 * sender adds the store's branding (BRANDING_VARIABLES in template-variables.ts), the links to
 * the store's pages at its canonical URL (LINK_VARIABLES: account_url, card_url, built at send
 * time from the row's store, so a command without a request can queue an email) and, for the
 * enrollment email, the inline QR image. A template may use no other variable.
 */
export type EmailVariables = {
  enrollment: {
    customer_name: string
    store_name: string
    card_number: string
    welcome_bonus: number
    /** A stamp card (else points). */
    stamps: boolean
  }
  welcome_bonus: {
    customer_name: string
    store_name: string
    welcome_bonus: number
    stamps: boolean
  }
  reward_ready: {
    customer_name: string
    store_name: string
    /** In the email's language. */
    reward_name: string
    balance: number
    stamps: boolean
  }
  points_expiring: {
    customer_name: string
    store_name: string
    points: number
    /** Already written in the email's language (e.g. "31 décembre 2026"). */
    expiry_date: string
  }
  password_reset: {
    reset_url: string
    store_name: string
    customer_name: string
    valid_minutes: number
  }
  staff_invitation: {
    invitee_name: string
    inviter_name: string
    merchant_name: string
    /** The merchant's name where the invitation is not for one store. */
    store_name: string
    accept_url: string
    valid_days: number
  }
  /** To a merchant's owner: alerts of one kind were raised (at most one per kind and day). */
  merchant_alert: {
    owner_name: string
    merchant_name: string
    /** The merchant's name (the layout's sender line). */
    store_name: string
    /** The alert kind, already in the email's language. */
    alert_kind: string
    alerts_url: string
  }
  /** To a merchant's owner: a webhook endpoint failed for 24 hours and was disabled (once). */
  webhook_disabled: {
    owner_name: string
    merchant_name: string
    /** The merchant's name (the layout's sender line). */
    store_name: string
    endpoint_url: string
    webhooks_url: string
  }
}

export type EmailTemplate = keyof EmailVariables

export type QueuedEmail<T extends EmailTemplate> = {
  template: T
  to: string
  /**
   * The recipient's preferred language, if they have one. The email goes out in it, else in the
   * store's default language (the merchant's for mail without a store), else in English
   * (docs/lessons.md #9).
   */
  language: Language | null | undefined
  variables: EmailVariables[T]
  /** Whose branding applies; null for platform mail. */
  merchantId: string | null
  storeId: string | null
  /**
   * The event's key (e.g. `welcome_bonus:<card id>`): a second email with the same key is not
   * queued, so a job that runs again, or two runs at once, queue one email per event.
   */
  idempotencyKey?: string | undefined
}

/** Attempts of one email's sending job (graphile-worker backs off exponentially: ≈ 4 h). */
export const EMAIL_SEND_MAX_ATTEMPTS = 10

/** What every email job key starts with, the email's id following (for SQL that builds one). */
export const EMAIL_JOB_KEY_PREFIX = 'email:'

/** The job key of an email's sending job: a second enqueue (a resend) replaces a pending one. */
export const emailJobKey = (outboundEmailId: string) => `${EMAIL_JOB_KEY_PREFIX}${outboundEmailId}`

/** The language of an email: the recipient's preference → the store's default → English. */
export const emailLanguage = async (
  trx: Knex.Transaction,
  email: Pick<QueuedEmail<EmailTemplate>, 'language' | 'merchantId' | 'storeId'>,
): Promise<Language> => {
  if (email.language) return email.language
  const fallback = email.storeId
    ? await trx('stores').where('id', email.storeId).first('default_language')
    : email.merchantId
      ? await trx('merchants').where('id', email.merchantId).first('default_language')
      : undefined
  return chooseEmailLanguage(null, fallback?.default_language)
}

/**
 * emailLanguage for a sweep whose query read both already: the recipient's preference, else the
 * default language of the email's store (of its merchant when it has no store), else English.
 */
export const chooseEmailLanguage = (preferred: unknown, storeDefault: unknown): Language =>
  isLanguage(preferred) ? preferred : isLanguage(storeDefault) ? storeDefault : DEFAULT_LANGUAGE

/** A sweep's email to one customer, and its language, from the row its batch query read. */
export const sweepRecipient = (row: {
  email: string
  preferred_language: string | null
  merchant_id: string
  store_id: string | null
  /** The default language of the row's store (its merchant's without a store). */
  store_language: string | null
}) => {
  const preferred = isLanguage(row.preferred_language) ? row.preferred_language : null
  return {
    recipient: {
      to: row.email,
      language: preferred,
      merchantId: row.merchant_id,
      storeId: row.store_id,
    },
    language: chooseEmailLanguage(preferred, row.store_language),
  }
}

/**
 * Records an outgoing email in `outbound_emails` (status `queued`) and enqueues its sending job
 * (`email:send`), both inside the transaction of the change that causes it: if that change rolls
 * back, no email is left behind, and if it commits the email cannot be lost.
 */
export const queueEmail = async <T extends EmailTemplate>(
  trx: Knex.Transaction,
  email: QueuedEmail<T>,
): Promise<{ id: string }> => {
  const row = await insertOutboundEmail(trx, email, await emailLanguage(trx, email))
  if (!row) throw new Error(`an email with key ${email.idempotencyKey} was already queued`)
  return row
}

/**
 * queueEmail for an event that may be seen more than once (a sweep run again): null, and no
 * job, when an email with the same idempotency key exists already.
 */
export const queueEmailOnce = async <T extends EmailTemplate>(
  trx: Knex.Transaction,
  email: QueuedEmail<T> & { idempotencyKey: string },
  language?: Language,
): Promise<{ id: string } | null> =>
  insertOutboundEmail(trx, email, language ?? (await emailLanguage(trx, email)))

const insertOutboundEmail = async <T extends EmailTemplate>(
  trx: Knex.Transaction,
  email: QueuedEmail<T>,
  language: Language,
): Promise<{ id: string } | null> => {
  // ON CONFLICT on the partial unique index: an email of the same event exists already.
  const { rows } = await trx.raw<{ rows: { id: string }[] }>(
    `INSERT INTO outbound_emails (merchant_id, store_id, template, to_address, language, variables, idempotency_key)
     VALUES (:merchantId, :storeId, :template, :to, :language, :variables::jsonb, :key)
     ON CONFLICT (idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
     RETURNING id`,
    {
      merchantId: email.merchantId,
      storeId: email.storeId,
      template: email.template,
      to: email.to,
      language,
      variables: JSON.stringify(email.variables),
      key: email.idempotencyKey ?? null,
    },
  )
  const row = rows[0]
  if (!row) return null
  await enqueueJob(
    trx,
    'email:send',
    { outboundEmailId: row.id },
    { jobKey: emailJobKey(row.id), maxAttempts: EMAIL_SEND_MAX_ATTEMPTS },
  )
  return { id: row.id }
}
