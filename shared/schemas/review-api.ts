import { z } from 'zod'
import { LanguageSchema, PageMetaSchema, PageQuerySchema, VersionSchema } from './common.ts'
import { OperationError, ReviewDecision, WriteOff } from './kiosk-answers.ts'

// The review queue over /api/v1/review (and the merchant's Review page, which shows the same
// items): operations a kiosk decided offline that the server could not apply as decided. Each
// item is decided once — applied through the normal ledger commands, or dismissed with a
// reason — and kept. Fields are named like the columns of kiosk_operations; `id` is the item's
// review id (a kiosk's client ids are only unique per kiosk).

export { ReviewDecision, WriteOff }

/** waiting: not decided yet (the default); decided: applied or dismissed, newest first. */
export const ReviewListQuery = PageQuerySchema.extend({
  status: z.enum(['waiting', 'decided']).default('waiting'),
})
export type ReviewListQuery = z.infer<typeof ReviewListQuery>

export const ReviewIdParams = z.object({ id: z.uuid() })

/** Apply the item as the kiosk decided it, from the version read; an optional note. */
export const ReviewApplyBody = z
  .strictObject({ version: VersionSchema, reason: z.string().trim().max(500).optional() })
  .meta({ examples: [{ version: 1 }] })
export type ReviewApplyBody = z.infer<typeof ReviewApplyBody>

/** Dismiss the item (nothing reaches the ledger), from the version read: a reason is required. */
export const ReviewDismissBody = z
  .strictObject({ version: VersionSchema, reason: z.string().trim().min(3).max(500) })
  .meta({ examples: [{ version: 1, reason: 'The customer paid the reward at the till.' }] })
export type ReviewDismissBody = z.infer<typeof ReviewDismissBody>

export const ReviewItem = z
  .object({
    id: z.uuid(),
    kiosk_id: z.uuid(),
    kiosk_name: z.string(),
    store_id: z.uuid(),
    store_name: z.string(),
    /** The store's currency (an earning's amount is in it). */
    store_currency: z.string(),
    client_id: z.uuid(),
    /** enroll, earn, stamp, redeem or reverse. */
    type: z.string(),
    /** The operation as the kiosk decided it offline (its payload). */
    operation: z.record(z.string(), z.unknown()),
    /** A redemption's reward, by name per language, and its cost now. */
    reward_name: z.partialRecord(LanguageSchema, z.string()).nullable(),
    reward_cost: z.number().int().nullable(),
    staff_id: z.uuid().nullable(),
    staff_name: z.string().nullable(),
    card_number: z.string().nullable(),
    /** The card's balances now (null: no such card, an enrollment). */
    points_balance: z.number().int().nullable(),
    stamps_balance: z.number().int().nullable(),
    occurred_at: z.string(),
    recorded_at: z.string(),
    /** Why the server could not apply it. */
    error: OperationError.nullable(),
    decision: ReviewDecision.nullable(),
    decided_by_type: z.string().nullable(),
    decided_by_id: z.string().nullable(),
    /** The merchant user who decided, by name (null for an API key). */
    decided_by_name: z.string().nullable(),
    decision_reason: z.string().nullable(),
    resolved_at: z.string().nullable(),
    write_off: WriteOff.nullable(),
    version: z.number().int(),
  })
  .meta({
    examples: [
      {
        id: '6a1f4e8e-7c1b-4a39-9d0e-2f1b5c7d9e01',
        kiosk_id: '0f8d2c3a-1b4e-4c5d-8e9f-a0b1c2d3e4f5',
        kiosk_name: 'Till 2',
        store_id: '2b3c4d5e-6f70-4a1b-8c2d-3e4f5a6b7c8d',
        store_name: 'Fashion Outlet',
        store_currency: 'EUR',
        client_id: '9c8b7a6d-5e4f-4321-8765-4321fedcba98',
        type: 'redeem',
        operation: {
          card_number: '100000000017',
          reward_id: '1a2b3c4d-5e6f-4789-9abc-def012345678',
        },
        reward_name: { en: 'Free coffee', fr: 'Café offert' },
        reward_cost: 100,
        staff_id: null,
        staff_name: null,
        card_number: '100000000017',
        points_balance: 0,
        stamps_balance: 0,
        occurred_at: '2026-12-07T09:15:00.000Z',
        recorded_at: '2026-12-07T09:40:02.000Z',
        error: { code: 'INSUFFICIENT_POINTS', details: { balance: 50, cost: 100 } },
        decision: 'applied',
        decided_by_type: 'merchant_user',
        decided_by_id: '3c4d5e6f-7081-4b2c-9d3e-4f5a6b7c8d9e',
        decided_by_name: 'Anna Owner',
        decision_reason: null,
        resolved_at: '2026-12-07T11:02:45.000Z',
        write_off: { points: 50, stamps: 0 },
        version: 2,
      },
    ],
  })
export type ReviewItem = z.infer<typeof ReviewItem>

export const ReviewPage = z.object({
  data: z.array(ReviewItem),
  meta: PageMetaSchema.extend({
    /** Items waiting (whatever the status asked), and when the oldest of them happened. */
    waiting: z.number().int(),
    oldest_waiting_at: z.string().nullable(),
  }),
})
export type ReviewPage = z.infer<typeof ReviewPage>
