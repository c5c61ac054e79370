import { createHash, randomBytes } from 'node:crypto'
import type { Knex } from 'knex'
import { inTransaction, type Queryable } from '../db/transaction.ts'
import { AppError } from '../errors.ts'
import { recordAudit } from '../audit/record-audit.ts'
import type { Actor } from '../auth/actor.ts'
import type { BearerVerifier } from '../http/bearer-auth.ts'

const TOKEN_PREFIX = 'rfk_'

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex')

export type CreatedApiKey = { id: string; name: string; tokenPrefix: string; token: string }

/**
 * Creates a merchant API key. The token is returned once and only its SHA-256 is stored
 * (the token has 256 bits of entropy, so a fast hash is enough).
 */
export const createApiKey = (
  db: Queryable,
  props: { merchantId: string; name: string; actor: Actor },
): Promise<CreatedApiKey> =>
  inTransaction(db, async (trx) => {
    const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`
    const tokenPrefix = token.slice(0, 12)
    const [row] = await trx('api_keys')
      .insert({
        merchant_id: props.merchantId,
        name: props.name,
        token_prefix: tokenPrefix,
        token_hash: hashToken(token),
      })
      .returning(['id'])
    await recordAudit(trx, {
      actor: props.actor,
      merchantId: props.merchantId,
      action: 'api_key.create',
      subjectType: 'api_key',
      subjectId: row.id,
      data: { name: props.name, token_prefix: tokenPrefix },
    })
    return { id: row.id as string, name: props.name, tokenPrefix, token }
  })

export const revokeApiKey = (
  db: Queryable,
  props: { merchantId: string; id: string; actor: Actor },
) =>
  inTransaction(db, async (trx) => {
    const updated = await trx('api_keys')
      .where({ id: props.id, merchant_id: props.merchantId })
      .whereNull('revoked_at')
      .update({ revoked_at: trx.fn.now(), updated_at: trx.fn.now() })
    if (!updated) throw new AppError('NOT_FOUND')
    await recordAudit(trx, {
      actor: props.actor,
      merchantId: props.merchantId,
      action: 'api_key.revoke',
      subjectType: 'api_key',
      subjectId: props.id,
    })
  })

const LAST_USED_RESOLUTION_MS = 60_000

/** How long a process trusts a verified key before asking the database again. */
export const API_KEY_CACHE_MS = 5_000

type VerifiedKey = { id: string; merchant_id: string; until: number }

/**
 * Verifies a merchant API key (`rfk_…`) against the stored hashes: the key's principal, or
 * UNAUTHENTICATED. A verified key is remembered for API_KEY_CACHE_MS, so a revocation (or a
 * suspended merchant) takes effect within 5 seconds in every process, and a busy till does not
 * pay a database round trip per request.
 */
export const apiKeyVerifier = (db: Knex): BearerVerifier => {
  const lastUsedWritten = new Map<string, number>()
  const verified = new Map<string, VerifiedKey>()
  return {
    prefix: TOKEN_PREFIX,
    verify: async (token) => {
      const hash = hashToken(token)
      let key = verified.get(hash)
      if (!key || key.until < Date.now()) {
        verified.delete(hash)
        const row = await db('api_keys as k')
          .join('merchants as m', 'm.id', 'k.merchant_id')
          .where('k.token_hash', hash)
          .whereNull('k.revoked_at')
          .where('m.status', 'active')
          .first('k.id', 'k.merchant_id')
        if (!row) throw new AppError('UNAUTHENTICATED')
        key = { id: row.id, merchant_id: row.merchant_id, until: Date.now() + API_KEY_CACHE_MS }
        if (verified.size > 10_000) verified.clear()
        verified.set(hash, key)
      }
      // last_used_at is informative: written at most once a minute per key and process.
      const now = Date.now()
      if ((lastUsedWritten.get(key.id) ?? 0) < now - LAST_USED_RESOLUTION_MS) {
        lastUsedWritten.set(key.id, now)
        await db('api_keys').where('id', key.id).update({ last_used_at: db.fn.now() })
      }
      return { kind: 'api_key', id: key.id, merchantId: key.merchant_id }
    },
  }
}
