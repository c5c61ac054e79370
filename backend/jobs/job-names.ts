/**
 * Every job the code can enqueue, with its payload. The worker refuses to start unless each
 * has a handler (see worker.ts), so a job can never sit in the queue with nobody to run it.
 */
export type JobPayloads = {
  /** Daily sweep: expire the balances of inactive cards (docs/architecture.md, Jobs). */
  'points:expire': { now?: string }
  /** Hourly sweep: ended web sessions, finished rate-limit windows, old reset tokens. */
  'web:purge-expired': Record<string, never>
  /** Renders and sends one outbound email (the row is the idempotency key: sent at most once). */
  'email:send': { outboundEmailId: string }
  /** Every 10 minutes: a sending job for any email left without one (none is lost silently). */
  'email:requeue-orphans': Record<string, never>
  /**
   * Every minute: reward_ready emails for the ledger entries recorded since the last run that
   * took a balance across a reward's cost (backend/email/triggers/reward-ready.ts).
   */
  'email:reward-ready': { lagSeconds?: number }
  /** Daily: warns customers whose points expire within 30 days (once per expiry date). */
  'email:points-expiring': { now?: string }
  /** Daily: deletes local mailbox messages past their retention (backend/email/mailbox). */
  'email:purge-mailbox': Record<string, never>
  /**
   * A storefront's forgot-password request, enqueued for a known and an unknown address alike:
   * the worker looks the customer up and, only if they may sign in, stores the token's hash and
   * queues the email (backend/accounts/password-reset-job.ts). The token is the link's, made
   * by the request; the job row is deleted once it has run.
   */
  'accounts:password-reset': {
    merchant_id: string
    store_id: string
    store_name: string
    email: string
    ip: string
    token: string
    reset_url: string
    requested_at: string
  }
  /**
   * Every minute: the merchants' alerts from the ledger and kiosk tables since the last run,
   * each situation once, and the owners' emails (backend/alerts/raise-alerts.ts).
   */
  'alerts:raise': { lagSeconds?: number }
  /**
   * An empty APNs push to every device registered for the card's Apple Wallet pass (keyed per
   * card: a burst of changes is one push; backend/wallet/apple/push-job.ts).
   */
  'wallet:apple-push': { merchantId: string; cardId: string }
  /**
   * Writes one card's Google Wallet object as the card is now (backend/wallet/google). Keyed per
   * card with a short delay, enqueued with every movement, block or anonymization of a card
   * that has an object: a burst becomes one PATCH.
   */
  'wallet:update': { merchantId: string; cardId: string }
  /** Every minute (and after a save link): each programme's Google Wallet class, if changed. */
  'wallet:sync-classes': { merchantId?: string; programmeId?: string }
  /**
   * Every minute: folds the ledger entries and enrolments since the last run into the analytics
   * summaries (backend/analytics/refresh-summaries.ts).
   */
  'analytics:refresh': { lagSeconds?: number }
  /**
   * A member import the merchant started (/merchant/imports): its valid lines in batches, the
   * progress on the import row (backend/imports/commands/run-member-import.ts).
   */
  'members:import': { merchant_id: string; import_id: string }
  /**
   * One attempt of a webhook delivery (backend/webhooks/deliver-webhook.ts), enqueued in the
   * transaction that caused the event; `replay`: the merchant's replay from the delivery log.
   */
  'webhooks:deliver': { deliveryId: string; merchantId: string; replay?: boolean }
}

export type JobName = keyof JobPayloads

export const JOB_NAMES = [
  'points:expire',
  'web:purge-expired',
  'email:send',
  'email:requeue-orphans',
  'email:reward-ready',
  'email:points-expiring',
  'email:purge-mailbox',
  'accounts:password-reset',
  'alerts:raise',
  'wallet:apple-push',
  'wallet:update',
  'wallet:sync-classes',
  'analytics:refresh',
  'members:import',
  'webhooks:deliver',
] as const satisfies readonly JobName[]

// Compile-time check that JOB_NAMES lists every key of JobPayloads.
type Missing = Exclude<JobName, (typeof JOB_NAMES)[number]>
export const _allJobNamesListed: Missing extends never ? true : never = true

/** Recurring jobs (graphile-worker crontab syntax, UTC). */
export const CRONTAB = [
  '0 3 * * * points:expire ?max=3',
  '17 * * * * web:purge-expired ?max=3',
  '*/10 * * * * email:requeue-orphans ?max=1',
  '* * * * * email:reward-ready ?max=1',
  '30 8 * * * email:points-expiring ?max=3',
  '47 4 * * * email:purge-mailbox ?max=3',
  '* * * * * alerts:raise ?max=1',
  '* * * * * wallet:sync-classes ?max=1',
  '* * * * * analytics:refresh ?max=1',
]
