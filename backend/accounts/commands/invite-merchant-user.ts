import type { Knex } from 'knex'
import { z } from 'zod'
import { LANGUAGES, type Language } from '../../../shared/languages.ts'
import { AppError, validationFailed } from '../../errors.ts'
import { queueEmail } from '../../email/queue-email.ts'
import { createMerchantUser } from './create-merchant-user.ts'
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
  /** The signed-in merchant user who invites: only an owner may. */
  inviter: { id: string; name: string; role: string }
  email: string
  name: string
  /** The invitee's language: of the email, and of the pages once signed in. */
  language: Language
  /** The invitation page's absolute URL for a token (canonicalPlatformUrls: BASE_URL). */
  acceptUrl: (token: string) => string
}

/**
 * An owner invites a manager of the whole merchant: the merchant user is created without a
 * password, with a single-use token valid INVITATION_VALID_DAYS days (only its SHA-256 is
 * stored), and the staff_invitation email is queued in the same transaction. Inviting again
 * someone who has not accepted yet replaces their open invitation; an address that already
 * has an account is CONFLICT (merchant_users_email_unique).
 */
export const inviteMerchantUser = async (
  db: Knex,
  props: InviteMerchantUserProps,
): Promise<{ merchantUserId: string; invitationId: string }> => {
  if (props.inviter.role !== 'owner') throw new AppError('FORBIDDEN')
  const parsed = InviteForm.safeParse({
    email: props.email.trim(),
    name: props.name,
    language: props.language,
  })
  if (!parsed.success) throw validationFailed(parsed.error)
  const form = parsed.data
  const token = newToken()
  return db.transaction(async (trx) => {
    const pending = await trx('merchant_users')
      .where('merchant_id', props.merchantId)
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
          role: 'manager',
          preferredLanguage: form.language,
        })
    if (pending) {
      await trx('merchant_users')
        .where('id', pending.id)
        .update({ name: form.name, preferred_language: form.language, updated_at: trx.fn.now() })
      await trx('merchant_invitations')
        .where('merchant_user_id', pending.id)
        .whereNull('used_at')
        .update({ used_at: trx.fn.now() })
    }
    const [invitation] = await trx('merchant_invitations')
      .insert({
        merchant_id: props.merchantId,
        merchant_user_id: user.id,
        invited_by: props.inviter.id,
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
