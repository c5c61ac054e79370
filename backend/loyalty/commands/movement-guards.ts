import type { SqlTransaction } from '../../db/sql-transaction.ts'
import { AppError } from '../../errors.ts'
import { decideEarning, type EarnKind } from '../../../shared/earning-rules.ts'
import type { MovementContext } from '../ledger.ts'

/** A blocked card moves no balance; an earning also needs an active programme of its kind. */
export const assertCardUsable = (context: MovementContext) => {
  if (context.card.status !== 'active') throw new AppError('CARD_BLOCKED')
}

export const assertCanEarn = (context: MovementContext, kind: EarnKind) => {
  assertCardUsable(context)
  if (context.programme.status !== 'active') throw new AppError('PROGRAM_INACTIVE')
  if (context.programme.type !== kind)
    throw new AppError('PROGRAM_TYPE_MISMATCH', { expected: kind, actual: context.programme.type })
}

/** Cooldown then daily cap (shared rules, the same the kiosk applies offline). */
export const grantEarning = (context: MovementContext, kind: EarnKind, requested: number) => {
  const decision = decideEarning({
    kind,
    requested,
    at: context.at,
    lastEarnAt: context.card.last_earn_at,
    cooldownMinutes: context.programme.cooldown_minutes,
    dailyCap: context.programme.daily_cap,
    earnedToday: kind === 'points' ? context.pointsToday : context.stampsToday,
  })
  if (decision.ok) return decision
  if (decision.code === 'DAILY_CAP_REACHED') throw new AppError(decision.code, decision.details)
  throw new AppError(decision.code, decision.details)
}

/** The category exists for this merchant and applies in this store (or merchant-wide). */
export const assertCategory = async (
  tx: SqlTransaction,
  context: MovementContext,
  categoryId: string | null | undefined,
) => {
  if (!categoryId) return
  const [found] = await tx.query(
    `SELECT id FROM transaction_categories
      WHERE id = $1 AND merchant_id = $2 AND active AND (store_id IS NULL OR store_id = $3)`,
    [categoryId, context.card.merchant_id, context.store?.id ?? null],
    'ledger_category',
  )
  if (!found) throw new AppError('CATEGORY_NOT_FOUND')
}
