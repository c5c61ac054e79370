import type { Knex } from 'knex'
import type { FieldError } from '../../../shared/errors.ts'
import { isUuid } from '../../../shared/schemas/common.ts'
import { audited } from '../../audit/audited.ts'
import type { Actor } from '../../auth/actor.ts'
import { versionedUpdate } from '../../db/versioned-update.ts'
import type { Queryable } from '../../db/transaction.ts'
import { AppError } from '../../errors.ts'
import { authorize } from '../../policies/policies.ts'
import { recordedActor, type Principal } from '../../policies/principal.ts'
import { merchantScope } from '../../policies/scope.ts'
import type { MerchantRole } from '../accounts.ts'
import { destroyAccountSessions } from '../session-store.ts'

// What an owner does to the merchant's back-office users on the team page: change a user's
// role and stores, or remove them. Rules (docs/architecture.md, "Team and API keys"):
// - nobody changes or removes themself (another owner does it): an owner cannot lock
//   themself out by a slip, and the last owner is never the one being changed by construction;
// - the merchant always keeps an active owner who can sign in (LAST_OWNER; an invited owner
//   who has not chosen a password does not count): the merchant's active owners are locked
//   first in every such transaction, so two owners demoting each other at once leave one;
// - the acting owner must still be an active owner when the change runs (their page was
//   loaded as one, but another owner may have demoted them since): FORBIDDEN otherwise;
// - a change is made from the version the page showed (EDIT_CONFLICT otherwise), audited
//   with before and after in its transaction, and seen by the user's next request (the
//   session loads role and stores per request); removal also ends their sessions at once.

export const MERCHANT_ROLES = ['owner', 'manager'] as const satisfies readonly MerchantRole[]

/** A back-office user as the team commands see them. */
type MemberRow = { id: string; role: MerchantRole; active: boolean; version: number }

/** The audited fields of a user: role, stores (ids, sorted) and whether they may sign in. */
const fieldsOf = (member: { role: MerchantRole; active: boolean }, storeIds: string[]) => ({
  role: member.role,
  store_ids: [...storeIds].sort(),
  active: member.active,
})

/**
 * Locks the merchant's active owners (in id order: two such transactions never wait on each
 * other in a cycle) and answers them, each with whether they can sign in (an invited owner who
 * has not chosen a password yet cannot). A transaction that waited sees the owners as the other
 * one left them (READ COMMITTED re-checks a locked row), so the counts below are true.
 */
const lockOwners = (
  trx: Knex.Transaction,
  merchantId: string,
): Promise<{ id: string; signs_in: boolean }[]> =>
  trx('merchant_users')
    .where({ merchant_id: merchantId, role: 'owner', active: true })
    .orderBy('id')
    .forUpdate()
    .select('id', trx.raw('password_hash IS NOT NULL AS signs_in'))

const findMember = async (trx: Knex.Transaction, merchantId: string, id: string) => {
  if (!isUuid(id)) throw new AppError('NOT_FOUND')
  const member: MemberRow | undefined = await trx('merchant_users')
    .where({ id, merchant_id: merchantId })
    .first('id', 'role', 'active', 'version')
  if (!member) throw new AppError('NOT_FOUND')
  const storeIds: string[] = await trx('merchant_user_stores')
    .where('merchant_user_id', id)
    .pluck('store_id')
  return { member, storeIds }
}

type Change = {
  actor: Actor
  merchantId: string
  /** The acting owner's own user id. */
  actingUserId: string
  memberId: string
  version: number
  /** The new role and stores (null: every store), or null for a removal. */
  next: { role: MerchantRole; storeIds: string[] } | null
}

/** The checks every change of a user makes, under the owners' lock, in this order. */
const guard = async (trx: Knex.Transaction, props: Change) => {
  const owners = await lockOwners(trx, props.merchantId)
  const found = await findMember(trx, props.merchantId, props.memberId)
  const { member } = found
  if (member.id === props.actingUserId) throw new AppError('FORBIDDEN')
  // A removed user stays listed (their address keeps its account) but is no longer changed.
  if (!member.active) throw new AppError('NOT_FOUND')
  const losesOwner = member.role === 'owner' && props.next?.role !== 'owner'
  if (losesOwner && !owners.some((owner) => owner.id !== member.id && owner.signs_in))
    throw new AppError('LAST_OWNER')
  if (!owners.some((owner) => owner.id === props.actingUserId)) throw new AppError('FORBIDDEN')
  return found
}

const changeMember = audited('merchant_user.update', async (trx, props: Change) => {
  const { member, storeIds } = await guard(trx, props)
  const next = props.next!
  const updated = await versionedUpdate<MemberRow>(trx, {
    subject: 'merchant_user',
    merchantId: props.merchantId,
    id: member.id,
    version: props.version,
    changes: { role: next.role },
  })
  await trx('merchant_user_stores').where('merchant_user_id', member.id).delete()
  if (next.storeIds.length > 0)
    await trx('merchant_user_stores').insert(
      next.storeIds.map((store_id) => ({
        merchant_id: props.merchantId,
        merchant_user_id: member.id,
        store_id,
      })),
    )
  return {
    value: { id: member.id, version: updated.version },
    subjectType: 'merchant_user',
    subjectId: member.id,
    before: fieldsOf(member, storeIds),
    after: fieldsOf(updated, next.storeIds),
  }
})

const removeMember = audited('merchant_user.remove', async (trx, props: Change) => {
  const { member, storeIds } = await guard(trx, props)
  const updated = await versionedUpdate<MemberRow>(trx, {
    subject: 'merchant_user',
    merchantId: props.merchantId,
    id: member.id,
    version: props.version,
    changes: { active: false },
  })
  // Their open sessions end now (the session loader would refuse an inactive user anyway), and
  // an invitation they have not used yet can no longer be.
  await destroyAccountSessions(trx, {
    audience: 'merchant',
    id: member.id,
    merchantId: props.merchantId,
  })
  await trx('merchant_invitations')
    .where('merchant_user_id', member.id)
    .whereNull('used_at')
    .update({ used_at: trx.fn.now() })
  return {
    value: { id: member.id, version: updated.version },
    subjectType: 'merchant_user',
    subjectId: member.id,
    before: fieldsOf(member, storeIds),
    after: fieldsOf(updated, storeIds),
  }
})

const invalid = (fields: FieldError[]) => new AppError('VALIDATION_FAILED', { fields })

/** The version a form carried: a positive integer, else the `version` field is invalid. */
export const parseVersion = (value: unknown): number | null => {
  const version = typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : value
  return typeof version === 'number' && Number.isInteger(version) && version > 0 ? version : null
}

/** The submitted store choices as a list (a form sends one value or several). */
export const formList = (value: unknown): string[] =>
  Array.isArray(value)
    ? value.filter((v): v is string => typeof v === 'string')
    : typeof value === 'string' && value !== ''
      ? [value]
      : []

/**
 * A role and the stores of a manager limited to some: `role` owner or manager; `stores` the
 * ids of the merchant's open stores (none: the whole merchant; ignored for an owner, who runs
 * every store). Field errors `role` and `stores`.
 */
export const parseRoleAndStores = async (
  db: Queryable,
  merchantId: string,
  input: { role: unknown; stores: unknown },
): Promise<{ fields: FieldError[]; role: MerchantRole; storeIds: string[] }> => {
  const fields: FieldError[] = []
  const role = MERCHANT_ROLES.find((r) => r === input.role)
  if (!role) fields.push({ path: 'role', code: 'invalid_value' })
  const wanted = [...new Set(formList(input.stores))]
  let storeIds: string[] = []
  if (role !== 'owner' && wanted.length > 0) {
    const known: string[] = wanted.every(isUuid)
      ? await db('stores')
          .where({ merchant_id: merchantId, active: true })
          .whereIn('id', wanted)
          .pluck('id')
      : []
    if (known.length !== wanted.length) fields.push({ path: 'stores', code: 'invalid_value' })
    storeIds = known
  }
  return { fields, role: role ?? 'manager', storeIds }
}

/**
 * Changes another user's role and stores, from the version the page showed (owners only).
 * VALIDATION_FAILED (`role`, `stores`, `version`), NOT_FOUND, EDIT_CONFLICT, LAST_OWNER.
 */
export const changeTeamMember = async (
  db: Knex,
  props: {
    principal: Principal
    memberId: string
    version: unknown
    role: unknown
    stores: unknown
  },
): Promise<{ id: string; version: number }> => {
  const { merchantId } = merchantScope(props.principal)
  authorize(props.principal, 'team.update', { merchantId })
  const parsed = await parseRoleAndStores(db, merchantId, props)
  const version = parseVersion(props.version)
  if (version === null) parsed.fields.push({ path: 'version', code: 'invalid_type' })
  if (parsed.fields.length > 0) throw invalid(parsed.fields)
  return changeMember(db, {
    actor: recordedActor(props.principal),
    merchantId,
    actingUserId: props.principal.kind === 'merchant_user' ? props.principal.id : '',
    memberId: props.memberId,
    version: version!,
    next: { role: parsed.role, storeIds: parsed.storeIds },
  })
}

/**
 * Removes another user from the back office (owners only): deactivated, signed out everywhere
 * at once, their open invitation spent. NOT_FOUND, EDIT_CONFLICT, LAST_OWNER.
 */
export const removeTeamMember = async (
  db: Knex,
  props: { principal: Principal; memberId: string; version: unknown },
): Promise<{ id: string; version: number }> => {
  const { merchantId } = merchantScope(props.principal)
  authorize(props.principal, 'team.remove', { merchantId })
  const version = parseVersion(props.version)
  if (version === null) throw invalid([{ path: 'version', code: 'invalid_type' }])
  return removeMember(db, {
    actor: recordedActor(props.principal),
    merchantId,
    actingUserId: props.principal.kind === 'merchant_user' ? props.principal.id : '',
    memberId: props.memberId,
    version,
    next: null,
  })
}
