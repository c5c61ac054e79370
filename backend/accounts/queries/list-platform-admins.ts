import type { Queryable } from '../../db/transaction.ts'

export type PlatformAdminRow = {
  id: string
  email: string
  name: string
  /** active: can sign in; invited: no password yet; deactivated. */
  status: 'active' | 'invited' | 'deactivated'
  secondFactor: boolean
  lastLoginAt: Date | null
}

/** Every platform admin, active ones first, by name. */
export const listPlatformAdmins = async (db: Queryable): Promise<PlatformAdminRow[]> => {
  const rows = await db('platform_admins')
    .orderBy([
      { column: 'active', order: 'desc' },
      { column: 'name', order: 'asc' },
    ])
    .select(
      'id',
      'email',
      'name',
      'active',
      'last_login_at',
      db.raw('password_hash IS NOT NULL AS has_password'),
      db.raw('totp_secret IS NOT NULL AS second_factor'),
    )
  return rows.map((row) => ({
    id: row.id,
    email: row.email,
    name: row.name,
    status: !row.active ? 'deactivated' : row.has_password ? 'active' : 'invited',
    secondFactor: row.second_factor,
    lastLoginAt: row.last_login_at,
  }))
}
