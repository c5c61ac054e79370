import type { Knex } from 'knex'
import type { MerchantRole } from '../accounts.ts'

/** Where a back-office user stands: signed up, invited (link open or expired), or removed. */
export type TeamMemberStatus = 'active' | 'invited' | 'invitation_expired' | 'removed'

/** A back-office user as the team page lists them. */
export type TeamMember = {
  id: string
  name: string
  email: string
  role: MerchantRole
  /** A manager's stores; empty: the whole merchant (always empty for an owner). */
  stores: { id: string; name: string }[]
  status: TeamMemberStatus
  lastLoginAt: Date | null
  /** When the latest invitation was sent (null: the account was made otherwise). */
  invitedAt: Date | null
  version: number
}

export type TeamMemberRow = {
  id: string
  name: string
  email: string
  role: MerchantRole
  active: boolean
  has_password: boolean
  invitation_open: boolean | null
  invited_at: Date | null
  last_login_at: Date | null
  version: number
  stores: { id: string; name: string }[]
}

const statusOf = (row: TeamMemberRow): TeamMemberStatus => {
  if (!row.active) return 'removed'
  if (row.has_password) return 'active'
  return row.invitation_open ? 'invited' : 'invitation_expired'
}

export const presentTeamMember = (row: TeamMemberRow): TeamMember => ({
  id: row.id,
  name: row.name,
  email: row.email,
  role: row.role,
  stores: row.role === 'owner' ? [] : row.stores,
  status: statusOf(row),
  lastLoginAt: row.last_login_at,
  invitedAt: row.invited_at,
  version: row.version,
})

/** The merchant's back-office users: owners, then managers, by name; removed users last. */
export const listTeamMembers = async (db: Knex, merchantId: string): Promise<TeamMember[]> => {
  const rows = await db('merchant_users as u')
    .where('u.merchant_id', merchantId)
    .orderByRaw('NOT u.active, u.role = ? DESC, lower(u.name), u.id', ['owner'])
    .select<TeamMemberRow[]>(
      'u.id',
      'u.name',
      'u.email',
      'u.role',
      'u.active',
      db.raw('u.password_hash IS NOT NULL AS has_password'),
      'u.last_login_at',
      'u.version',
      db.raw(
        `(SELECT i.created_at FROM merchant_invitations i WHERE i.merchant_user_id = u.id
           ORDER BY i.created_at DESC LIMIT 1) AS invited_at`,
      ),
      db.raw(
        `EXISTS (SELECT 1 FROM merchant_invitations i WHERE i.merchant_user_id = u.id
           AND i.used_at IS NULL AND i.expires_at > now()) AS invitation_open`,
      ),
      db.raw(
        `coalesce((SELECT json_agg(json_build_object('id', s.id, 'name', s.name) ORDER BY s.name)
           FROM merchant_user_stores us JOIN stores s ON s.id = us.store_id
           WHERE us.merchant_user_id = u.id), '[]') AS stores`,
      ),
    )
  return rows.map(presentTeamMember)
}
