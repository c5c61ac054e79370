import type { Knex } from 'knex'
import type { JobHelpers } from 'graphile-worker'
import type { Config } from '../config.ts'
import type { Logger } from '../logger.ts'
import type { Mailer } from '../email/mailer.ts'
import { sendOutboundEmail, TemporaryEmailFailure } from '../email/send-email.ts'
import { requeueOrphanedEmails } from '../email/requeue-orphaned-emails.ts'
import { queueRewardReadyEmails } from '../email/triggers/reward-ready.ts'
import { queuePointsExpiringEmails } from '../email/triggers/points-expiring.ts'
import { purgeOldMailboxMessages } from '../email/mailbox/mailbox.ts'
import type { JobName, JobPayloads } from './job-names.ts'
import { expirePoints } from '../loyalty/commands/expire-points.ts'
import { purgeExpiredWebRecords } from '../accounts/commands/purge-expired.ts'
import { webAuthSettings } from '../accounts/settings.ts'
import { runPasswordResetJob } from '../accounts/password-reset-job.ts'
import { raiseAlerts } from '../alerts/raise-alerts.ts'
import { pushCardPass } from '../wallet/apple/push-job.ts'
import { updateWalletObject } from '../wallet/google/update-wallet-object.ts'
import { syncWalletClasses } from '../wallet/google/sync-wallet-classes.ts'
import { refreshAnalytics } from '../analytics/refresh-summaries.ts'
import { runMemberImport } from '../imports/commands/run-member-import.ts'
import { deliverWebhook, WebhookRetry } from '../webhooks/deliver-webhook.ts'

export type JobContext = {
  db: Knex
  log: Logger
  config: Config
  mailer: Mailer
  /** The worker process running the job (its lease in job_worker_processes). */
  workerProcessId?: string
}

export type JobHandler<N extends JobName> = (
  payload: JobPayloads[N],
  context: JobContext,
  helpers: JobHelpers,
) => Promise<void>

export type JobHandlers = { [N in JobName]: JobHandler<N> }

/** The handler of every job name. */
export const jobHandlers: JobHandlers = {
  'points:expire': async (payload, { db, log }) => {
    const run = await expirePoints(db, { ...(payload.now ? { now: new Date(payload.now) } : {}) })
    log.info({ job: 'points:expire', ...run }, 'points expiry run finished')
  },
  'web:purge-expired': async (_payload, { db, log }) => {
    const purged = await purgeExpiredWebRecords(db)
    log.info({ job: 'web:purge-expired', ...purged }, 'expired web records purged')
  },
  'email:send': async (payload, context, helpers) => {
    const outcome = await sendOutboundEmail(context, {
      outboundEmailId: payload.outboundEmailId,
      attempt: helpers.job.attempts,
      maxAttempts: helpers.job.max_attempts,
    })
    // Temporary failure: graphile-worker runs the job again with exponential backoff.
    if (outcome.status === 'retry') throw new TemporaryEmailFailure(outcome.error)
  },
  'email:requeue-orphans': async (_payload, { db, log }) => {
    const requeued = await requeueOrphanedEmails(db)
    if (requeued > 0) log.warn({ requeued }, 'emails without a sending job were requeued')
  },
  'email:reward-ready': async (payload, { db, log }) => {
    const run = await queueRewardReadyEmails(db, {
      ...(payload.lagSeconds !== undefined ? { lagSeconds: payload.lagSeconds } : {}),
    })
    if (run.queued > 0)
      log.info({ job: 'email:reward-ready', ...run }, 'reward ready emails queued')
  },
  'email:points-expiring': async (payload, { db, log }) => {
    const run = await queuePointsExpiringEmails(db, {
      ...(payload.now ? { now: new Date(payload.now) } : {}),
    })
    log.info({ job: 'email:points-expiring', ...run }, 'points expiring warnings queued')
  },
  'email:purge-mailbox': async (_payload, { db, log }) => {
    const purged = await purgeOldMailboxMessages(db)
    if (purged > 0) log.info({ job: 'email:purge-mailbox', purged }, 'old mailbox messages purged')
  },
  'accounts:password-reset': async (payload, { db, config }) => {
    await runPasswordResetJob(db, webAuthSettings(config), payload)
  },
  'alerts:raise': async (payload, { db, log, config }) => {
    const run = await raiseAlerts(db, {
      baseUrl: config.baseUrl,
      ...(payload.lagSeconds !== undefined ? { lagSeconds: payload.lagSeconds } : {}),
    })
    const raised = Object.values(run.raised).reduce((sum, n) => sum + n, 0)
    if (raised > 0) log.info({ job: 'alerts:raise', ...run }, 'alerts raised')
  },
  'wallet:apple-push': async (payload, context) => {
    await pushCardPass(context, payload)
  },
  'wallet:update': async (payload, context) => {
    // 429, 5xx and network failures throw: graphile-worker retries with exponential backoff.
    await updateWalletObject(context, payload)
  },
  'wallet:sync-classes': async (payload, { db, log, config }) => {
    const run = await syncWalletClasses(db, config, payload)
    if (run.patched + run.inserted > 0)
      log.info({ job: 'wallet:sync-classes', ...run }, 'Google Wallet classes written')
  },
  'analytics:refresh': async (payload, { db, log }) => {
    const run = await refreshAnalytics(
      db,
      payload.lagSeconds !== undefined ? { lagSeconds: payload.lagSeconds } : {},
    )
    if (run.entries > 0) log.debug({ job: 'analytics:refresh', ...run }, 'analytics refreshed')
  },
  'members:import': async (payload, { db, log }) => {
    const run = await runMemberImport(db, {
      merchantId: payload.merchant_id,
      importId: payload.import_id,
    })
    log.info({ job: 'members:import', import_id: payload.import_id, ...run }, 'member import run')
  },
  'webhooks:deliver': async (payload, context) => {
    const outcome = await deliverWebhook(context, payload)
    // A failure within its 24 hours: graphile-worker runs the job again with exponential backoff.
    if (outcome === 'retry') throw new WebhookRetry(`webhook delivery ${payload.deliveryId} failed`)
  },
}
