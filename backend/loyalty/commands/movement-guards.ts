import type { SqlTransaction } from '../../db/sql-transaction.ts'
import { AppError } from '../../errors.ts'
import { decideEarning, type EarnKind } from '../../../shared/earning-rules.ts'
import {
  checkCanEarn,
  checkCanRedeem,
  checkCardUsable,
  type Eligibility,
} from '../../../shared/eligibility.ts'
import type { MovementContext } from '../ledger.ts'

const orRefuse = (eligibility: Eligibility) => {
  if (eligibility.ok) return
  throw eligibility.code === 'PROGRAM_TYPE_MISMATCH'
    ? new AppError(eligibility.code, eligibility.details)
    : new AppError(eligibility.code)
}

/** A blocked card moves no balance (shared eligibility, the same the kiosk applies offline). */
export const assertCardUsable = (context: MovementContext) =>
  orRefuse(checkCardUsable(context.card))

/** An earning also needs an active programme of its kind. */
export const assertCanEarn = (context: MovementContext, kind: EarnKind) =>
  orRefuse(checkCanEarn(context.card, context.programme, kind))

/** A redemption also needs a programme that went live (a paused one still redeems). */
export const assertCanRedeem = (context: MovementContext) =>
  orRefuse(checkCanRedeem(context.card, context.programme))

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
