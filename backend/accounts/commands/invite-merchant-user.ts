import type { Knex } from 'knex'
import { z } from 'zod'
import { LANGUAGES, type Language } from '../../../shared/languages.ts'
import { AppError, validationFailed } from '../../errors.ts'
import { queueEmail } from '../../email/queue-email.ts'
import { recordAudit } from '../../audit/record-audit.ts'
import { platformAdminActor, merchantUserActor } from '../../auth/actor.ts'
import { createMerchantUser } from './create-merchant-user.ts'
import { parseRoleAndStores } from './manage-team.ts'
import { hashToken, newToken } from '../../security/tokens.ts'

/** How long an invitation link can be used. */
export const INVITATION_VALID_DAYS = 7

export const InviteForm = z.object({
  email: z.email().max(254),
  name: z.string().trim().min(1).max(200),
  language: z.enum(LANGUAGES),
})
export type InviteForm = z.output<typeof InviteForm>

export type InviteMerchantUserProps = {
  merchantId: string
  /**
   * Who invites: a signed-in owner of the merchant, or a platform admin (`platformAdmin`, the
   * admin back office inviting a merchant's owner; not recorded as `invited_by`).
   */
  inviter: { id: string; name: string; role: string; platformAdmin?: boolean }
  email: string
  name: string
  /** The invitee's language: of the email, and of the pages once signed in. */
  language: Language
  /** owner or manager (default manager); a manager's stores by id (none: the whole merchant). */
  role?: unknown
  stores?: unknown
  /** The invitation page's absolute URL for a token (canonicalPlatformUrls: BASE_URL). */
  acceptUrl: (token: string) => string
}

/**
 * An owner invites an owner or a manager (of the whole merchant or of some stores): the
 * merchant user is created without a password, with a single-use token valid
 * INVITATION_VALID_DAYS days (only its SHA-256 is stored), and the staff_invitation email is
 * queued in the same transaction, with its audit row. Inviting again someone who has not
 * accepted yet replaces their open invitation (and their role and stores); an address that
 * already has an account is CONFLICT (merchant_users_email_unique).
 */
export const inviteMerchantUser = async (
  db: Knex,
  props: InviteMerchantUserProps,
): Promise<{ merchantUserId: string; invitationId: string }> => {
  const byAdmin = props.inviter.platformAdmin === true
  if (!byAdmin && props.inviter.role !== 'owner') throw new AppError('FORBIDDEN')
  const parsed = InviteForm.safeParse({
    email: props.email.trim(),
    name: props.name,
    language: props.language,
  })
  const access = await parseRoleAndStores(db, props.merchantId, {
    role: props.role ?? 'manager',
    stores: props.stores,
  })
  const fields = parsed.success ? [] : validationFailed(parsed.error).details.fields
  if (!parsed.success || access.fields.length > 0)
    throw new AppError('VALIDATION_FAILED', { fields: [...fields, ...access.fields] })
  const form = parsed.data
  const token = newToken()
  return db.transaction(async (trx) => {
    const pending = await trx('merchant_users')
      .where({ merchant_id: props.merchantId, active: true })
      .whereRaw('lower(email) = lower(?)', [form.email])
      .whereNull('password_hash')
      .forUpdate()
      .first('id')
    const user = pending
      ? { id: pending.id as string }
      : await createMerchantUser(trx, {
          merchantId: props.merchantId,
          email: form.email,
          name: form.name,
          role: access.role,
          storeIds: access.storeIds,
          preferredLanguage: form.language,
        })
    if (pending) {
      await trx('merchant_users')
        .where('id', pending.id)
        .update({
          name: form.name,
          role: access.role,
          preferred_language: form.language,
          version: trx.raw('version + 1'),
          updated_at: trx.fn.now(),
        })
      await trx('merchant_user_stores').where('merchant_user_id', pending.id).delete()
      if (access.storeIds.length > 0)
        await trx('merchant_user_stores').insert(
          access.storeIds.map((store_id) => ({
            merchant_id: props.merchantId,
            merchant_user_id: pending.id,
            store_id,
          })),
        )
      await trx('merchant_invitations')
        .where('merchant_user_id', pending.id)
        .whereNull('used_at')
        .update({ used_at: trx.fn.now() })
    }
    await recordAudit(trx, {
      actor: byAdmin
        ? platformAdminActor(props.inviter.id)
        : merchantUserActor(props.merchantId, props.inviter.id),
      merchantId: props.merchantId,
      action: 'merchant_user.invite',
      subjectType: 'merchant_user',
      subjectId: user.id,
      data: {
        before: null,
        after: {
          email: form.email,
          name: form.name,
          role: access.role,
          store_ids: [...access.storeIds].sort(),
        },
      },
    })
    const [invitation] = await trx('merchant_invitations')
      .insert({
        merchant_id: props.merchantId,
        merchant_user_id: user.id,
        invited_by: byAdmin ? null : props.inviter.id,
        token_hash: hashToken(token),
        expires_at: trx.raw('now() + make_interval(days => ?)', [INVITATION_VALID_DAYS]),
      })
      .returning('id')
    const merchant = await trx('merchants').where('id', props.merchantId).first('name')
    await queueEmail(trx, {
      template: 'staff_invitation',
      to: form.email,
      language: form.language,
      merchantId: props.merchantId,
      storeId: null,
      idempotencyKey: `staff_invitation:${invitation.id}`,
      variables: {
        invitee_name: form.name,
        inviter_name: props.inviter.name,
        merchant_name: merchant.name,
        store_name: merchant.name,
        accept_url: props.acceptUrl(token),
        valid_days: INVITATION_VALID_DAYS,
      },
    })
    return { merchantUserId: user.id, invitationId: invitation.id }
  })
}
