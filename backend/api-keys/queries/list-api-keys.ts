import type { Knex } from 'knex'

/** A merchant API key as the API keys page lists it (never its hash). */
export type ListedApiKey = {
  id: string
  name: string
  /** The token's first characters, to tell keys apart. */
  tokenPrefix: string
  /** The merchant user who made it; null: the command line (or before this was recorded). */
  createdBy: string | null
  createdAt: Date
  /** Within a minute (written at most once a minute); null: never used. */
  lastUsedAt: Date | null
  revokedAt: Date | null
}

export type ApiKeyRow = {
  id: string
  name: string
  token_prefix: string
  created_by_name: string | null
  created_at: Date
  last_used_at: Date | null
  revoked_at: Date | null
}

export const presentListedApiKey = (row: ApiKeyRow): ListedApiKey => ({
  id: row.id,
  name: row.name,
  tokenPrefix: row.token_prefix,
  createdBy: row.created_by_name,
  createdAt: row.created_at,
  lastUsedAt: row.last_used_at,
  revokedAt: row.revoked_at,
})

/** The merchant's keys: working ones first, newest first; revoked ones after them. */
export const listApiKeys = async (db: Knex, merchantId: string): Promise<ListedApiKey[]> => {
  const rows = await db('api_keys as k')
    .leftJoin('merchant_users as u', 'u.id', 'k.created_by')
    .where('k.merchant_id', merchantId)
    .orderByRaw('k.revoked_at IS NOT NULL')
    .orderBy([
      { column: 'k.created_at', order: 'desc' },
      { column: 'k.id', order: 'asc' },
    ])
    .select<ApiKeyRow[]>(
      'k.id',
      'k.name',
      'k.token_prefix',
      'u.name as created_by_name',
      'k.created_at',
      'k.last_used_at',
      'k.revoked_at',
    )
  return rows.map(presentListedApiKey)
}
