/** Who is acting: recorded on every ledger entry and audit row. */
export type Actor =
  | { type: 'api_key'; id: string; merchantId: string }
  | { type: 'kiosk'; id: string; merchantId: string; storeId: string }
  | { type: 'merchant_user'; id: string; merchantId: string }
  | { type: 'system'; merchantId: string | null; job?: string }
  | { type: 'admin'; id: string }

export const systemActor = (merchantId: string | null, job?: string): Actor => ({
  type: 'system',
  merchantId,
  ...(job ? { job } : {}),
})

/** A signed-in owner or manager acting from the merchant pages. */
export const merchantUserActor = (merchantId: string, userId: string): Actor => ({
  type: 'merchant_user',
  id: userId,
  merchantId,
})

/** A platform admin acting from the admin pages (audit rows only: admins write no ledger entries). */
export const adminActor = (adminId: string): Actor => ({ type: 'admin', id: adminId })
