import { createHash } from 'node:crypto'
import type { Knex } from 'knex'
import type { Config } from '../../config.ts'
import { loadGoogleWalletIssuer } from './google-wallet-settings.ts'
import { GoogleWalletRefusedError, walletRequest, type WalletApi } from './google-wallet-client.ts'
import { presentLoyaltyClass, type LoyaltyClass } from './payloads.ts'
import { loadWalletProgrammes } from './wallet-facts.ts'

const hashOf = (loyaltyClass: LoyaltyClass) =>
  createHash('sha256').update(JSON.stringify(loyaltyClass)).digest('hex')

/** Remembers the class as Google has it now (the sweep compares with it). */
export const recordClassSynced = async (
  db: Knex | Knex.Transaction,
  merchantId: string,
  programmeId: string,
  loyaltyClass: LoyaltyClass,
) =>
  db('google_wallet_classes')
    .insert({
      merchant_id: merchantId,
      programme_id: programmeId,
      class_id: loyaltyClass.id,
      payload_hash: hashOf(loyaltyClass),
    })
    .onConflict(['merchant_id', 'programme_id'])
    .merge({
      class_id: loyaltyClass.id,
      payload_hash: hashOf(loyaltyClass),
      synced_at: db.fn.now(),
    })

/**
 * The `wallet:sync-classes` job (every minute, and at once after a save link): each live
 * programme's class as it should be now — name, rewards, branding — compared with the hash of
 * what Google last received; a changed or new one is PATCHed, or inserted when Google lacks
 * it. So an edit of the programme, its rewards or its stores' branding reaches the passes
 * within a minute, without any of those commands knowing about wallets.
 */
export const syncWalletClasses = async (
  db: Knex,
  config: Config,
  filter: { merchantId?: string; programmeId?: string } = {},
): Promise<{ patched: number; inserted: number; unchanged: number }> => {
  const run = { patched: 0, inserted: 0, unchanged: 0 }
  const issuer = await loadGoogleWalletIssuer(db, config)
  if (!issuer) return run
  const api: WalletApi = { db, endpoints: config.googleWallet, issuer }
  const programmes = await loadWalletProgrammes(db, config, issuer.defaultLogoUrl, filter)
  const synced = await db('google_wallet_classes').select<
    { programme_id: string; class_id: string; payload_hash: string }[]
  >('programme_id', 'class_id', 'payload_hash')
  for (const programme of programmes) {
    const loyaltyClass = presentLoyaltyClass(issuer.issuerId, programme)
    const last = synced.find((row) => row.programme_id === programme.id)
    if (last && last.class_id === loyaltyClass.id && last.payload_hash === hashOf(loyaltyClass)) {
      run.unchanged++
      continue
    }
    const id = encodeURIComponent(loyaltyClass.id)
    let answer = await walletRequest(api, 'PATCH', `/loyaltyClass/${id}`, loyaltyClass)
    if (answer.status === 404) {
      answer = await walletRequest(api, 'POST', '/loyaltyClass', loyaltyClass)
      run.inserted++
    } else run.patched++
    if (answer.status >= 400 && answer.status !== 409)
      throw new GoogleWalletRefusedError(
        `Google Wallet refused class ${loyaltyClass.id}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`,
      )
    await recordClassSynced(db, programme.merchantId, programme.id, loyaltyClass)
  }
  return run
}
