import type { Config } from '../../config.ts'
import type { Queryable } from '../../db/transaction.ts'
import { enqueueJob } from '../../jobs/enqueue.ts'
import type { Logger } from '../../logger.ts'
import type { Knex } from 'knex'
import { sendEmptyPushes } from './apns-client.ts'
import { unregisterDevice } from './commands/register-device.ts'
import { registeredDevices } from './queries/registrations.ts'
import { appleSigning } from './signing-settings.ts'

/** Seconds a card's push waits for more changes (the ledger's CTE uses the same delay). */
export const APPLE_PUSH_DELAY_SECONDS = 2

export const applePushJobKey = (cardId: string) => `wallet:apple-push:${cardId}`

/**
 * Queues the card's push in the caller's transaction when a device holds its pass (block,
 * unblock, anonymization; a ledger movement does the same inside APPEND_ENTRY).
 */
export const enqueueApplePushes = async (
  db: Queryable,
  merchantId: string,
  cardIds: string[],
): Promise<void> => {
  if (cardIds.length === 0) return
  const held = await db('apple_pass_registrations')
    .where('merchant_id', merchantId)
    .whereIn('card_id', cardIds)
    .distinct<{ card_id: string }[]>('card_id')
  for (const { card_id } of held)
    await enqueueJob(
      db,
      'wallet:apple-push',
      { merchantId, cardId: card_id },
      {
        jobKey: applePushJobKey(card_id),
        jobKeyMode: 'preserve_run_at',
        runAt: new Date(Date.now() + APPLE_PUSH_DELAY_SECONDS * 1000),
      },
    )
}

/** Retried by the worker with backoff: APNs was unreachable or answered 429/5xx. */
export class TemporaryPushFailure extends Error {}

/**
 * The job: an empty push to each device registered for the card's pass; a device APNs
 * answers 410 for (the pass was removed) is unregistered.
 */
export const pushCardPass = async (
  context: {
    db: Knex
    config: Pick<Config, 'apple' | 'dataDir' | 'emailSettingsKey' | 'env'>
    log: Logger
  },
  payload: { merchantId: string; cardId: string },
) => {
  const { db, config, log } = context
  const [devices, signing] = await Promise.all([
    registeredDevices(db, payload),
    appleSigning(db, config),
  ])
  if (!signing || devices.length === 0) return { sent: 0, removed: 0 }
  const mine = devices.filter((device) => device.pass_type_id === signing.passTypeId)
  const outcomes = await sendEmptyPushes(
    config.apple,
    signing,
    mine.map((device) => device.push_token),
  ).catch((error: unknown) => {
    throw new TemporaryPushFailure(`APNs unreachable: ${(error as Error).message}`)
  })
  let removed = 0
  for (const outcome of outcomes) {
    if (outcome.status !== 410) continue
    for (const device of mine.filter((d) => d.push_token === outcome.pushToken))
      if (await unregisterDevice(db, { ...payload, deviceLibraryId: device.device_library_id }))
        removed++
  }
  const refused = outcomes.filter((o) => o.status !== 200 && o.status !== 410)
  if (refused.length > 0)
    log.warn({ job: 'wallet:apple-push', card_id: payload.cardId, refused }, 'APNs refused pushes')
  if (refused.some((o) => o.status === 429 || o.status >= 500))
    throw new TemporaryPushFailure(`APNs answered ${refused.map((o) => o.status).join(', ')}`)
  return { sent: outcomes.filter((o) => o.status === 200).length, removed }
}
