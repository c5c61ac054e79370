import type { Knex } from 'knex'
import type { Config } from '../../config.ts'
import type { Logger } from '../../logger.ts'
import { loadGoogleWalletIssuer } from './google-wallet-settings.ts'
import {
  GoogleWalletRefusedError,
  isNotificationQuotaRefusal,
  walletRequest,
  type WalletApi,
} from './google-wallet-client.ts'
import { presentLoyaltyClass, presentLoyaltyObject, reachableRewards } from './payloads.ts'
import { loadWalletCard, loadWalletProgrammes } from './wallet-facts.ts'
import { recordClassSynced } from './sync-wallet-classes.ts'

/** Google's limit of notifying updates per pass in any 24 hours. */
export const NOTIFICATIONS_PER_DAY = 3

export type WalletJobContext = { db: Knex; config: Config; log: Logger }

const path = (kind: 'loyaltyObject' | 'loyaltyClass', id?: string) =>
  `/${kind}${id ? `/${encodeURIComponent(id)}` : ''}`

/**
 * The `wallet:update` job: writes a card's loyalty object as the card is now. Runs under the
 * lock of the card's google_wallet_objects row (one writer per card, whichever process), so the
 * notification count and the last written state cannot race. PATCH; 404 (never saved) →
 * insert, creating the class first when Google lacks it; 429/5xx throw for a retry with backoff.
 * Notifies (notifyPreference) only when a reward comes within reach, at most 3 times in 24 h.
 */
export const updateWalletObject = async (
  { db, config, log }: WalletJobContext,
  payload: { merchantId: string; cardId: string },
): Promise<'written' | 'inserted' | 'not_configured' | 'not_saved' | 'gone'> => {
  const issuer = await loadGoogleWalletIssuer(db, config)
  if (!issuer) return 'not_configured'
  const api: WalletApi = { db, endpoints: config.googleWallet, issuer }
  return db.transaction(async (trx) => {
    const tracked = await trx('google_wallet_objects')
      .where({ merchant_id: payload.merchantId, card_id: payload.cardId })
      .forUpdate()
      .first<{ reachable_rewards: number } | undefined>('reachable_rewards')
    if (!tracked) return 'not_saved'
    const card = await loadWalletCard(trx, config, payload.merchantId, payload.cardId)
    if (!card) return 'gone'
    const [programme] = await loadWalletProgrammes(trx, config, issuer.defaultLogoUrl, {
      merchantId: payload.merchantId,
      programmeId: card.programmeId,
    })
    if (!programme) return 'gone'
    const object = presentLoyaltyObject(issuer.issuerId, programme, card)
    const reachable = reachableRewards(programme, card)
    let notify = !card.expired && reachable > tracked.reachable_rewards
    if (notify) {
      const recent = await trx('google_wallet_notifications')
        .where({ merchant_id: payload.merchantId, card_id: payload.cardId })
        .andWhere('requested_at', '>', trx.raw(`now() - interval '24 hours'`))
        .count<{ n: string }[]>({ n: '*' })
      notify = Number(recent[0]?.n ?? 0) < NOTIFICATIONS_PER_DAY
    }
    const patch = (withNotice: boolean) =>
      walletRequest(api, 'PATCH', path('loyaltyObject', object.id), {
        ...object,
        ...(withNotice ? { notifyPreference: 'notifyOnUpdate' } : {}),
      })
    let answer = await patch(notify)
    if (isNotificationQuotaRefusal(answer)) {
      // Google counted differently (a notification from elsewhere): write without one.
      log.warn({ card_id: payload.cardId }, 'Google Wallet refused a notification: quota')
      notify = false
      answer = await patch(false)
    }
    let outcome: 'written' | 'inserted' = 'written'
    if (answer.status === 404) {
      // Never saved to a phone (or deleted at Google): insert it, with its class if missing.
      await ensureClass(api, trx, programme)
      answer = await walletRequest(api, 'POST', path('loyaltyObject'), object)
      if (answer.status === 409) answer = await patch(false)
      notify = false
      outcome = 'inserted'
    }
    if (answer.status >= 400)
      throw new GoogleWalletRefusedError(
        `Google Wallet refused ${object.id}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`,
      )
    await trx('google_wallet_objects')
      .where({ merchant_id: payload.merchantId, card_id: payload.cardId })
      .update({
        reachable_rewards: reachable,
        patched_balance: programme.type === 'points' ? card.pointsBalance : card.stampsBalance,
        written_at: trx.fn.now(),
      })
    if (notify)
      await trx('google_wallet_notifications').insert({
        merchant_id: payload.merchantId,
        card_id: payload.cardId,
        requested_at: trx.raw('clock_timestamp()'),
      })
    return outcome
  })
}

/** Inserts the programme's class when Google does not have it yet. */
const ensureClass = async (
  api: WalletApi,
  db: Knex | Knex.Transaction,
  programme: Parameters<typeof presentLoyaltyClass>[1] & { merchantId: string },
) => {
  const loyaltyClass = presentLoyaltyClass(api.issuer.issuerId, programme)
  const found = await walletRequest(api, 'GET', path('loyaltyClass', loyaltyClass.id))
  if (found.status === 200) return
  const inserted = await walletRequest(api, 'POST', path('loyaltyClass'), loyaltyClass)
  if (inserted.status >= 400 && inserted.status !== 409)
    throw new GoogleWalletRefusedError(
      `Google Wallet refused class ${loyaltyClass.id}: ${inserted.status} ${JSON.stringify(inserted.body).slice(0, 300)}`,
    )
  await recordClassSynced(db, programme.merchantId, programme.id, loyaltyClass)
}
