import type { Knex } from 'knex'
import { AppError } from '../../errors.ts'
import { hitRateLimit } from '../../security/rate-limit.ts'
import type { SessionMerchantUser } from '../accounts.ts'
import { checkPasswordPolicy, hashPassword } from '../passwords.ts'
import { loadAccount } from '../queries/load-account.ts'
import type { OpenInvitation } from '../queries/find-open-invitation.ts'
import { createSession, destroySession, type CreatedSession } from '../session-store.ts'
import type { WebAuthSettings } from '../settings.ts'
import { recordAudit } from '../../audit/record-audit.ts'
import { merchantUserActor } from '../../auth/actor.ts'

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
    // The invitation's last step, beside its first (merchant_user.invite) in the audit log.
    await recordAudit(trx, {
      actor: merchantUserActor(invitation.merchantId, invitation.merchantUserId),
      merchantId: invitation.merchantId,
      action: 'merchant_user.accept_invitation',
      subjectType: 'merchant_user',
      subjectId: invitation.merchantUserId,
      ip: props.ip,
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
