import type { Knex } from 'knex'
import type { Config } from '../../../config.ts'
import { AppError } from '../../../errors.ts'
import { enqueueJob } from '../../../jobs/enqueue.ts'
import { loadGoogleWalletIssuer } from '../google-wallet-settings.ts'
import { objectIdOf, presentLoyaltyObject, reachableRewards } from '../payloads.ts'
import { saveUrlOf, signSaveJwt } from '../save-link.ts'
import { loadWalletCard, loadWalletProgrammes } from '../wallet-facts.ts'

/**
 * A member clicked "Save to Google Wallet": the card's object as it is now, signed into a save
 * link that lives for this redirect only. The card is recorded as having an object from now on
 * (google_wallet_objects), so its movements PATCH it; its class is synced at once by a job.
 * NOT_FOUND while the platform has no issuer configured (the button is not shown then; an old
 * email's link finds no such page, as the Apple pass does without certificates).
 */
export const offerGoogleWalletSave = async (
  db: Knex,
  config: Config,
  props: { merchantId: string; customerId: string; origin: string },
): Promise<{ url: string }> => {
  const issuer = await loadGoogleWalletIssuer(db, config)
  if (!issuer) throw new AppError('NOT_FOUND')
  const card = await db('cards')
    .where({ merchant_id: props.merchantId, customer_id: props.customerId })
    .first<{ id: string } | undefined>('id')
  if (!card) throw new AppError('CARD_NOT_FOUND')
  const walletCard = await loadWalletCard(db, config, props.merchantId, card.id)
  if (!walletCard) throw new AppError('CARD_NOT_FOUND')
  const [programme] = await loadWalletProgrammes(db, config, issuer.defaultLogoUrl, {
    merchantId: props.merchantId,
    programmeId: walletCard.programmeId,
  })
  if (!programme) throw new AppError('CARD_NOT_FOUND')
  const object = presentLoyaltyObject(issuer.issuerId, programme, walletCard)
  await db.transaction(async (trx) => {
    await trx('google_wallet_objects')
      .insert({
        merchant_id: props.merchantId,
        card_id: card.id,
        object_id: objectIdOf(issuer.issuerId, card.id),
        reachable_rewards: reachableRewards(programme, walletCard),
      })
      .onConflict(['merchant_id', 'card_id'])
      .ignore()
    await enqueueJob(
      trx,
      'wallet:sync-classes',
      { merchantId: props.merchantId, programmeId: programme.id },
      { jobKey: `wallet:sync-classes:${programme.id}` },
    )
  })
  const origins = [...new Set([...issuer.allowedOrigins, props.origin])]
  const jwt = await signSaveJwt(issuer, object, origins)
  return { url: saveUrlOf(config.googleWallet.saveUrl, jwt) }
}
