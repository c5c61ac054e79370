import type { Knex } from 'knex'
import {
  countPasswordResetRequest,
  createPasswordReset,
  type CreatedPasswordReset,
} from './commands/request-password-reset.ts'
import type { WebAuthSettings } from './settings.ts'
import { queueEmail } from '../email/queue-email.ts'
import { enqueueJob } from '../jobs/enqueue.ts'
import type { JobPayloads } from '../jobs/job-names.ts'
import { newToken } from '../security/tokens.ts'

export type PasswordResetJob = JobPayloads['accounts:password-reset']

/**
 * The storefront's forgot-password request, the same work for a known and an unknown address:
 * count it (RATE_LIMITED beyond), make the link's token, enqueue the job that decides. Nothing
 * here reads the customer, so the answer's timing tells nobody who has an account
 * (backend/storefront/forgot-password-timing.test.ts). Takes the root Knex.
 */
export const requestStorefrontPasswordReset = async (
  db: Knex,
  props: {
    merchantId: string
    store: { id: string; name: string }
    email: string
    ip: string
    settings: WebAuthSettings
    /** The reset page's absolute URL for a token. */
    resetUrl: (token: string) => string
  },
): Promise<void> => {
  const lookup = { audience: 'customer', merchantId: props.merchantId, email: props.email } as const
  await countPasswordResetRequest(db, { lookup, ip: props.ip, settings: props.settings })
  const token = newToken()
  await enqueueJob(
    db,
    'accounts:password-reset',
    {
      merchant_id: props.merchantId,
      store_id: props.store.id,
      store_name: props.store.name,
      email: props.email,
      ip: props.ip,
      token,
      reset_url: props.resetUrl(token),
      requested_at: new Date().toISOString(),
    },
    { maxAttempts: 5 },
  )
}

/**
 * The job: only if the customer exists and may sign in, stores the token's hash and queues the
 * password_reset email in one transaction (in the customer's language, else the store's, else
 * English: queueEmail). A run again after a crash finds its token and does nothing.
 */
export const runPasswordResetJob = (
  db: Knex,
  settings: WebAuthSettings,
  job: PasswordResetJob,
): Promise<CreatedPasswordReset | null> =>
  createPasswordReset(db, {
    lookup: { audience: 'customer', merchantId: job.merchant_id, email: job.email },
    ip: job.ip,
    settings,
    token: job.token,
    requestedAt: new Date(job.requested_at),
    deliver: async (trx, reset) => {
      await queueEmail(trx, {
        template: 'password_reset',
        to: reset.email,
        language: reset.language,
        merchantId: job.merchant_id,
        storeId: job.store_id,
        variables: {
          reset_url: job.reset_url,
          store_name: job.store_name,
          customer_name: reset.name ?? '',
          valid_minutes: Math.round(settings.resetTokenSeconds / 60),
        },
      })
    },
  })
