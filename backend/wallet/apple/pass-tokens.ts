import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { Config } from '../../config.ts'
import type { Queryable } from '../../db/transaction.ts'
import { decryptSecret, encryptSecret, settingsKey } from '../../email/settings-crypto.ts'

// Each pass carries a random authentication token (Apple's web service protocol). It is kept
// encrypted, not hashed: every rebuilt pass (a download, a device fetching the latest version)
// must carry the same token, or the devices holding the older one would be refused.

export const APPLE_PASS_TOKEN_PURPOSE = 'apple_wallet.pass_token'

type KeyConfig = Pick<Config, 'dataDir' | 'emailSettingsKey' | 'env'>

/** The pass's token, made (and stored) the first time the card's pass is built. */
export const passTokenOf = async (
  db: Queryable,
  config: KeyConfig,
  card: { merchantId: string; cardId: string },
): Promise<string> => {
  const key = settingsKey(config).key
  const stored = () =>
    db('apple_passes')
      .where({ merchant_id: card.merchantId, card_id: card.cardId })
      .first<{ auth_token_encrypted: string } | undefined>('auth_token_encrypted')
  const known = await stored()
  if (known) return decryptSecret(known.auth_token_encrypted, key, APPLE_PASS_TOKEN_PURPOSE)
  const fresh = randomBytes(24).toString('base64url')
  // Of two first downloads at once, one token wins and both read it.
  await db('apple_passes')
    .insert({
      merchant_id: card.merchantId,
      card_id: card.cardId,
      auth_token_encrypted: encryptSecret(fresh, key, APPLE_PASS_TOKEN_PURPOSE),
    })
    .onConflict(['merchant_id', 'card_id'])
    .ignore()
  const row = await stored()
  return decryptSecret(row!.auth_token_encrypted, key, APPLE_PASS_TOKEN_PURPOSE)
}

// Compared against when the serial is unknown, so both answers cost the same work.
let decoy: { key: Buffer; stored: string } | null = null

/**
 * The pass a token opens, by its serial (the card id): its merchant, or null when the serial
 * is unknown or the token wrong — the same answer after the same work either way.
 */
export const passByToken = async (
  db: Queryable,
  config: KeyConfig,
  serial: string,
  token: string,
): Promise<{ merchantId: string; cardId: string } | null> => {
  const key = settingsKey(config).key
  const row = /^[0-9a-f-]{36}$/i.test(serial)
    ? await db('apple_passes')
        .where('card_id', serial)
        .first<{ merchant_id: string; card_id: string; auth_token_encrypted: string } | undefined>(
          'merchant_id',
          'card_id',
          'auth_token_encrypted',
        )
    : undefined
  if (!decoy || !decoy.key.equals(key))
    decoy = {
      key,
      stored: encryptSecret(randomBytes(24).toString('base64url'), key, APPLE_PASS_TOKEN_PURPOSE),
    }
  const expected = Buffer.from(
    decryptSecret(row?.auth_token_encrypted ?? decoy.stored, key, APPLE_PASS_TOKEN_PURPOSE),
  )
  const given = Buffer.alloc(expected.length)
  Buffer.from(token).copy(given)
  const same = timingSafeEqual(expected, given) && Buffer.byteLength(token) === expected.length
  return row && same ? { merchantId: row.merchant_id, cardId: row.card_id } : null
}
