import type { Knex } from 'knex'
import type { Language } from '../../../shared/languages.ts'
import { AppError } from '../../errors.ts'
import { recordAudit } from '../../audit/record-audit.ts'
import { platformAdminActor, systemActor, type Actor } from '../../auth/actor.ts'
import { queueEmail } from '../../email/queue-email.ts'
import { hashToken, newToken } from '../../security/tokens.ts'
import { destroyAccountSessions } from '../session-store.ts'
import { createPlatformAdmin } from './create-platform-admin.ts'

// The platform's admins: invited (by another admin, or the first one by `npm run admin:create`)
// with a one-time link to set a password — a password_reset_tokens row of audience admin, so the
// link is spent like a reset link — then, at their first sign-in, enrolment of the second factor.

/** How long an admin's set-a-password link works: a day from the command line, a week by email. */
export const ADMIN_LINK_HOURS = { cli: 24, email: 7 * 24 } as const

/** A one-time set-a-password link of an admin (earlier open ones are spent). */
export const issueAdminPasswordLink = async (
  trx: Knex.Transaction,
  props: { adminId: string; validHours: number },
): Promise<string> => {
  const token = newToken()
  await trx('password_reset_tokens')
    .where({ audience: 'admin', platform_admin_id: props.adminId })
    .whereNull('used_at')
    .update({ used_at: trx.fn.now() })
  await trx('password_reset_tokens').insert({
    token_hash: hashToken(token),
    audience: 'admin',
    platform_admin_id: props.adminId,
    expires_at: trx.raw('now() + make_interval(hours => ?)', [props.validHours]),
  })
  return token
}

export type InviteAdminProps = {
  email: string
  name: string
  language?: Language | null
  /** The admin who invites; null: the command line (the first admin). */
  invitedBy: { id: string; name: string } | null
  /** The set-a-password page's absolute URL for a token. */
  linkUrl: (token: string) => string
}

/**
 * Creates a platform admin without a password and a one-time link to set one: emailed (the
 * staff_invitation email, the platform as the "merchant") when an admin invites, returned when
 * the command line does (it prints it). Audited `platform_admin.invite`. An address already used
 * by an admin is CONFLICT.
 */
export const invitePlatformAdmin = async (
  db: Knex,
  props: InviteAdminProps,
): Promise<{ adminId: string; link: string; validHours: number }> =>
  db.transaction(async (trx) => {
    const admin = await createPlatformAdmin(trx, {
      email: props.email,
      name: props.name,
      preferredLanguage: props.language ?? null,
    })
    const validHours = props.invitedBy ? ADMIN_LINK_HOURS.email : ADMIN_LINK_HOURS.cli
    const link = props.linkUrl(await issueAdminPasswordLink(trx, { adminId: admin.id, validHours }))
    const actor: Actor = props.invitedBy
      ? platformAdminActor(props.invitedBy.id)
      : systemActor(null, 'admin:create')
    await recordAudit(trx, {
      actor,
      merchantId: null,
      action: 'platform_admin.invite',
      subjectType: 'platform_admin',
      subjectId: admin.id,
      data: { before: null, after: { email: admin.email, name: admin.name } },
    })
    if (props.invitedBy) {
      const platform = await trx('platforms').orderBy('created_at').first('name')
      const platformName: string = platform?.name ?? 'RewardFlow'
      await queueEmail(trx, {
        template: 'staff_invitation',
        to: admin.email,
        language: props.language ?? null,
        merchantId: null,
        storeId: null,
        idempotencyKey: `admin_invitation:${admin.id}`,
        variables: {
          invitee_name: admin.name,
          inviter_name: props.invitedBy.name,
          merchant_name: platformName,
          store_name: platformName,
          accept_url: link,
          valid_days: validHours / 24,
        },
      })
    }
    return { adminId: admin.id, link, validHours }
  })

/**
 * Deactivates a platform admin: they cannot sign in any more and every session of theirs ends
 * at once (the row stays: its address and its audit history). The active admins are locked
 * first (FOR UPDATE, id order), so two deactivations at once cannot leave none: the last active
 * admin is LAST_ADMIN. An admin who is no longer active themself is FORBIDDEN. Audited.
 */
export const deactivatePlatformAdmin = async (
  db: Knex,
  props: { actorId: string; adminId: string },
): Promise<void> =>
  db.transaction(async (trx) => {
    const active: { id: string }[] = await trx('platform_admins')
      .where('active', true)
      .orderBy('id')
      .forUpdate()
      .select('id')
    if (!active.some((row) => row.id === props.actorId)) throw new AppError('FORBIDDEN')
    const target = await trx('platform_admins').where('id', props.adminId).first('id', 'active')
    if (!target) throw new AppError('NOT_FOUND')
    if (!target.active) return
    if (active.length <= 1) throw new AppError('LAST_ADMIN')
    await trx('platform_admins')
      .where('id', props.adminId)
      .update({ active: false, updated_at: trx.fn.now() })
    await destroyAccountSessions(trx, { audience: 'admin', id: props.adminId })
    await trx('password_reset_tokens')
      .where({ audience: 'admin', platform_admin_id: props.adminId })
      .whereNull('used_at')
      .update({ used_at: trx.fn.now() })
    await trx('sign_in_challenges').where('platform_admin_id', props.adminId).delete()
    await recordAudit(trx, {
      actor: platformAdminActor(props.actorId),
      merchantId: null,
      action: 'platform_admin.deactivate',
      subjectType: 'platform_admin',
      subjectId: props.adminId,
      data: { before: { active: true }, after: { active: false } },
    })
  })
