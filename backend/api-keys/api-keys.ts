import { createHash, randomBytes } from 'node:crypto'
import type { Knex } from 'knex'
import { inTransaction, type Queryable } from '../db/transaction.ts'
import { runStatementAlone } from '../db/sql-transaction.ts'
import { isUuid } from '../../shared/schemas/common.ts'
import { AppError } from '../errors.ts'
import { recordAudit } from '../audit/record-audit.ts'
import type { Actor } from '../auth/actor.ts'
import type { BearerVerifier } from '../http/bearer-auth.ts'

const TOKEN_PREFIX = 'rfk_'

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex')

export type CreatedApiKey = { id: string; name: string; tokenPrefix: string; token: string }

/**
 * Creates a merchant API key, audited in its transaction. The token is returned once and only
 * its SHA-256 is stored (the token has 256 bits of entropy, so a fast hash is enough).
 * `createdBy`: the merchant user whose form made it (null from the command line and the demo seed).
 */
export const createApiKey = (
  db: Queryable,
  props: { merchantId: string; name: string; actor: Actor; createdBy?: string | null },
): Promise<CreatedApiKey> =>
  inTransaction(db, async (trx) => {
    const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`
    const tokenPrefix = token.slice(0, 12)
    const createdBy = props.createdBy ?? null
    const [row] = await trx('api_keys')
      .insert({
        merchant_id: props.merchantId,
        name: props.name,
        token_prefix: tokenPrefix,
        token_hash: hashToken(token),
        created_by: createdBy,
      })
      .returning(['id'])
    await recordAudit(trx, {
      actor: props.actor,
      merchantId: props.merchantId,
      action: 'api_key.create',
      subjectType: 'api_key',
      subjectId: row.id,
      data: {
        before: null,
        after: { name: props.name, token_prefix: tokenPrefix, created_by: createdBy },
      },
    })
    return { id: row.id as string, name: props.name, tokenPrefix, token }
  })

/**
 * Revokes one of the merchant's keys: its next request is refused (the verifier reads the key
 * on every request). Unknown or another merchant's: NOT_FOUND; already revoked: nothing to do.
 */
export const revokeApiKey = (
  db: Queryable,
  props: { merchantId: string; id: string; actor: Actor },
) =>
  inTransaction(db, async (trx) => {
    if (!isUuid(props.id)) throw new AppError('NOT_FOUND')
    const key = await trx('api_keys')
      .where({ id: props.id, merchant_id: props.merchantId })
      .forUpdate()
      .first<{ revoked_at: Date | null } | undefined>('revoked_at')
    if (!key) throw new AppError('NOT_FOUND')
    if (key.revoked_at) return
    const [revoked] = await trx('api_keys')
      .where('id', props.id)
      .update({ revoked_at: trx.fn.now(), updated_at: trx.fn.now() })
      .returning<{ revoked_at: Date }[]>('revoked_at')
    await recordAudit(trx, {
      actor: props.actor,
      merchantId: props.merchantId,
      action: 'api_key.revoke',
      subjectType: 'api_key',
      subjectId: props.id,
      data: { before: { revoked_at: null }, after: { revoked_at: revoked!.revoked_at } },
    })
  })

/** last_used_at is informative: written at most once a minute per key (across processes). */
export const LAST_USED_RESOLUTION_SECONDS = 60

// A key's row, its merchant's status, and whether last_used_at is older than a minute: one
// statement on a pooled connection (no query builder on every API request).
const VERIFY_KEY = `
  SELECT k.id, k.merchant_id, m.status,
         (k.last_used_at IS NULL OR k.last_used_at < now() - make_interval(secs => $2)) AS stale
    FROM api_keys k JOIN merchants m ON m.id = k.merchant_id
   WHERE k.token_hash = $1 AND k.revoked_at IS NULL`

// Two requests may both see it stale: the condition makes the second update a no-op.
const TOUCH_KEY = `
  UPDATE api_keys SET last_used_at = now()
   WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - make_interval(secs => $2))`

/**
 * Verifies a merchant API key (`rfk_…`) against the stored hashes on every request: the key's
 * principal, or UNAUTHENTICATED (MERCHANT_SUSPENDED while the platform suspends the merchant) —
 * so a revocation or a suspension refuses the very
 * next request, in every process (docs/decisions.md). The same read says whether last_used_at
 * is older than a minute; only then is it written, so a busy till costs one indexed read per
 * request and one write a minute.
 */
export const apiKeyVerifier = (db: Knex): BearerVerifier => ({
  prefix: TOKEN_PREFIX,
  verify: async (token) => {
    const [row] = await runStatementAlone<{
      id: string
      merchant_id: string
      status: string
      stale: boolean
    }>(db, VERIFY_KEY, [hashToken(token), LAST_USED_RESOLUTION_SECONDS])
    if (!row) throw new AppError('UNAUTHENTICATED')
    if (row.status === 'suspended') throw new AppError('MERCHANT_SUSPENDED')
    if (row.stale) await runStatementAlone(db, TOUCH_KEY, [row.id, LAST_USED_RESOLUTION_SECONDS])
    return { kind: 'api_key', id: row.id, merchantId: row.merchant_id }
  },
})
