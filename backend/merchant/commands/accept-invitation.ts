import type { Knex } from 'knex'
import type { Queryable } from '../../db/transaction.ts'
import { AppError } from '../../errors.ts'
import { loadAccount, type SessionMerchantUser } from '../../web/sessions/accounts.ts'
import { checkPasswordPolicy, hashPassword } from '../../web/sessions/passwords.ts'
import { hitRateLimit } from '../../web/sessions/rate-limit.ts'
import {
  createSession,
  destroySession,
  type CreatedSession,
} from '../../web/sessions/session-store.ts'
import type { WebAuthSettings } from '../../web/sessions/settings.ts'
import { hashToken, TOKEN_PATTERN } from '../../web/sessions/tokens.ts'

export type OpenInvitation = {
  id: string
  merchantUserId: string
  merchantId: string
  email: string
  name: string
  merchantName: string
}

/**
 * The invitation behind a link, if it can still be used (for the page that asks for the
 * password). Throws INVITATION_INVALID (unknown, used, account disabled, 404) or
 * INVITATION_EXPIRED (410).
 */
export const findOpenInvitation = async (db: Queryable, token: string): Promise<OpenInvitation> => {
  if (!TOKEN_PATTERN.test(token)) throw new AppError('INVITATION_INVALID')
  const row = await db('merchant_invitations as i')
    .join('merchant_users as u', 'u.id', 'i.merchant_user_id')
    .join('merchants as m', 'm.id', 'i.merchant_id')
    .where('i.token_hash', hashToken(token))
    .first(
      'i.id',
      'i.merchant_user_id',
      'i.merchant_id',
      'u.email',
      'u.name',
      'u.active',
      'm.name as merchant_name',
      db.raw('i.used_at IS NOT NULL AS used'),
      db.raw('i.expires_at <= now() AS expired'),
    )
  if (!row || row.used || !row.active) throw new AppError('INVITATION_INVALID')
  if (row.expired) throw new AppError('INVITATION_EXPIRED')
  return {
    id: row.id,
    merchantUserId: row.merchant_user_id,
    merchantId: row.merchant_id,
    email: row.email,
    name: row.name,
    merchantName: row.merchant_name,
  }
}

/**
 * The invitee sets a password from the link of `invitation` (as findOpenInvitation found it),
 * once: the invitation is spent atomically (a second use, even concurrent, or one that expired
 * meanwhile is INVITATION_INVALID), every other open invitation of the user is spent too, and a
 * merchant session starts (the result is what signIn takes). Checks the password policy first
 * (PASSWORD_TOO_SHORT / PASSWORD_TOO_LONG); attempts count against the reset limit per IP.
 */
export const acceptInvitation = async (
  db: Knex,
  props: {
    invitation: OpenInvitation
    password: string
    ip: string
    userAgent?: string
    previousToken?: string
    settings: WebAuthSettings
  },
): Promise<{
  session: CreatedSession & { audience: 'merchant' }
  account: SessionMerchantUser
}> => {
  if (db.isTransaction) throw new Error('accept with the root Knex: attempts must stay counted')
  await hitRateLimit(db, props.settings.limits.resetPerIp, `invitation:${props.ip}`)
  checkPasswordPolicy(props.password)
  const { invitation } = props
  // bcrypt before the transaction: no lock is held for its ~100 ms.
  const hash = await hashPassword(props.password, props.settings.passwordCost)
  const account = {
    audience: 'merchant' as const,
    id: invitation.merchantUserId,
    merchantId: invitation.merchantId,
  }
  const session = await db.transaction(async (trx) => {
    const spent = await trx('merchant_invitations')
      .where('id', invitation.id)
      .whereNull('used_at')
      .where('expires_at', '>', trx.fn.now())
      .update({ used_at: trx.fn.now() })
    if (!spent) throw new AppError('INVITATION_INVALID')
    await trx('merchant_invitations')
      .where('merchant_user_id', invitation.merchantUserId)
      .whereNull('used_at')
      .update({ used_at: trx.fn.now() })
    await trx('merchant_users').where('id', invitation.merchantUserId).update({
      password_hash: hash,
      password_set_at: trx.fn.now(),
      last_login_at: trx.fn.now(),
      updated_at: trx.fn.now(),
    })
    if (props.previousToken) await destroySession(trx, { token: props.previousToken })
    return createSession(trx, {
      account,
      timeouts: props.settings.timeouts.merchant,
      ip: props.ip,
      userAgent: props.userAgent,
    })
  })
  const loaded = await loadAccount(db, account)
  if (!loaded) throw new AppError('INVITATION_INVALID')
  return { session: session as CreatedSession & { audience: 'merchant' }, account: loaded }
}
