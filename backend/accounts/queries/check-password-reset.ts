import type { Queryable } from '../../db/transaction.ts'
import type { AccountRef } from '../accounts.ts'
import { findResetToken } from '../password-reset-tokens.ts'
import type { Audience } from '../settings.ts'

/**
 * The account a reset link is for, if the link can still be used (for the page that asks for
 * the new password). Throws PASSWORD_RESET_INVALID (unknown, used, other audience or
 * merchant) or PASSWORD_RESET_EXPIRED.
 */
export const checkPasswordReset = async (
  db: Queryable,
  props: { token: string; audience: Audience; merchantId?: string },
): Promise<{ account: AccountRef }> => ({ account: (await findResetToken(db, props)).account })
