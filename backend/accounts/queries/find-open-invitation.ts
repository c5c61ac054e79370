import type { Queryable } from '../../db/transaction.ts'
import { AppError } from '../../errors.ts'
import { hashToken, TOKEN_PATTERN } from '../../security/tokens.ts'

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
