import { z } from 'zod'
import {
  CalendarDateSchema,
  CardNumberSchema,
  ClientIdSchema,
  IsoDateTimeSchema,
  LanguageSchema,
  LocalizedTextSchema,
  PageMetaSchema,
  PageQuerySchema,
  StoreCodeSchema,
} from './common.ts'

// Request bodies of the loyalty API (/api/v1). The kiosk and the pages parse with the same
// schemas. Bodies are strict: an unknown field is an error, not silently dropped.

const Movement = {
  client_id: ClientIdSchema,
  store_code: StoreCodeSchema,
  occurred_at: IsoDateTimeSchema.optional(),
  staff_id: z.uuid().optional(),
  reason: z.string().trim().max(500).optional(),
}

export const EnrollBody = z.strictObject({
  client_id: ClientIdSchema,
  store_code: StoreCodeSchema,
  email: z.email().max(254),
  name: z.string().trim().min(1).max(200),
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9 ()./-]{6,24}$/)
    .optional(),
  birthday: CalendarDateSchema.optional(),
  preferred_language: LanguageSchema.optional(),
  marketing_consent: z.boolean().default(false),
})
export type EnrollBody = z.infer<typeof EnrollBody>

export const EarnBody = z.strictObject({
  ...Movement,
  amount_cents: z.number().int().min(0).max(100_000_000),
  category_id: z.uuid().optional(),
})
export type EarnBody = z.infer<typeof EarnBody>

export const StampBody = z.strictObject({
  ...Movement,
  count: z.number().int().min(1).max(100).default(1),
  category_id: z.uuid().optional(),
})
export type StampBody = z.infer<typeof StampBody>

export const RedeemBody = z.strictObject({
  ...Movement,
  reward_id: z.uuid(),
})
export type RedeemBody = z.infer<typeof RedeemBody>

export const AdjustBody = z
  .strictObject({
    client_id: ClientIdSchema,
    store_code: StoreCodeSchema.optional(),
    points_delta: z.number().int().min(-1_000_000).max(1_000_000).default(0),
    stamps_delta: z.number().int().min(-1_000).max(1_000).default(0),
    reason: z.string().trim().min(3).max(500),
  })
  .refine((b) => b.points_delta !== 0 || b.stamps_delta !== 0, {
    message: 'points_delta or stamps_delta must be non-zero',
    path: ['points_delta'],
  })
export type AdjustBody = z.infer<typeof AdjustBody>

export const ReverseBody = z.strictObject({
  client_id: ClientIdSchema,
  store_code: StoreCodeSchema.optional(),
  reason: z.string().trim().min(3).max(500),
})
export type ReverseBody = z.infer<typeof ReverseBody>

export const CardLookupQuery = z
  .strictObject({
    number: CardNumberSchema.optional(),
    email: z.email().optional(),
    phone: z.string().trim().min(4).max(24).optional(),
  })
  .refine((q) => [q.number, q.email, q.phone].filter(Boolean).length === 1, {
    message: 'give exactly one of number, email, phone',
    path: ['number'],
  })
export type CardLookupQuery = z.infer<typeof CardLookupQuery>

export const HistoryQuery = PageQuerySchema.strict()

export const CardNumberParams = z.strictObject({ number: CardNumberSchema })
export const EntryIdParams = z.strictObject({ id: z.uuid() })

// Responses.

export const ProgrammeType = z.enum(['points', 'stamps'])

export const CardBalances = z.object({
  number: z.string(),
  points_balance: z.number().int(),
  stamps_balance: z.number().int(),
})

export const RewardView = z.object({
  id: z.uuid(),
  name: LocalizedTextSchema,
  description: LocalizedTextSchema,
  cost: z.number().int(),
  active: z.boolean(),
})
export type RewardView = z.infer<typeof RewardView>

export const CustomerView = z.object({
  id: z.uuid(),
  email: z.string().nullable(),
  name: z.string().nullable(),
  phone: z.string().nullable(),
  birthday: z.string().nullable(),
  preferred_language: LanguageSchema.nullable(),
  marketing_consent: z.boolean(),
  created_at: z.string(),
})
export type CustomerView = z.infer<typeof CustomerView>

export const CardSummary = z.object({
  id: z.uuid(),
  number: z.string(),
  status: z.enum(['active', 'blocked']),
  programme_type: ProgrammeType,
  points_balance: z.number().int(),
  stamps_balance: z.number().int(),
  customer_name: z.string().nullable(),
  customer_email: z.string().nullable(),
})
export type CardSummary = z.infer<typeof CardSummary>

export const CardDetail = z.object({
  id: z.uuid(),
  number: z.string(),
  status: z.enum(['active', 'blocked']),
  points_balance: z.number().int(),
  stamps_balance: z.number().int(),
  lifetime_points: z.number().int(),
  lifetime_stamps: z.number().int(),
  enrolled_store_code: z.string().nullable(),
  last_earn_at: z.string().nullable(),
  last_activity_at: z.string(),
  created_at: z.string(),
  customer: CustomerView,
  programme: z.object({
    id: z.uuid(),
    type: ProgrammeType,
    name: LocalizedTextSchema,
    status: z.enum(['draft', 'active', 'paused']),
    stamps_required: z.number().int().nullable(),
    cooldown_minutes: z.number().int(),
    daily_cap: z.number().int().nullable(),
  }),
  rewards: z.array(RewardView.extend({ affordable: z.boolean() })),
  next_reward: z.object({ reward_id: z.uuid(), missing: z.number().int() }).nullable(),
})
export type CardDetail = z.infer<typeof CardDetail>

export const LedgerEntryType = z.enum([
  'earn',
  'stamp',
  'redeem',
  'welcome_bonus',
  'adjust',
  'reverse',
  'expire',
])
export type LedgerEntryType = z.infer<typeof LedgerEntryType>

export const LedgerEntryView = z.object({
  id: z.uuid(),
  type: LedgerEntryType,
  status: z.enum(['applied', 'review', 'reversed']),
  points_delta: z.number().int(),
  stamps_delta: z.number().int(),
  points_balance_after: z.number().int().nullable(),
  stamps_balance_after: z.number().int().nullable(),
  amount_cents: z.number().int().nullable(),
  currency: z.string().nullable(),
  store_code: z.string().nullable(),
  store_name: z.string().nullable(),
  category_id: z.uuid().nullable(),
  reward_id: z.uuid().nullable(),
  reason: z.string().nullable(),
  reversal_of: z.uuid().nullable(),
  client_id: z.uuid(),
  occurred_at: z.string(),
  recorded_at: z.string(),
})
export type LedgerEntryView = z.infer<typeof LedgerEntryView>

export const MovementResult = z.object({
  entry: LedgerEntryView,
  card: CardBalances,
  duplicate: z.boolean(),
  capped: z.boolean(),
})
export type MovementResult = z.infer<typeof MovementResult>

export const EnrollmentResult = z.object({
  card: CardDetail,
  already_member: z.boolean(),
  duplicate: z.boolean(),
  welcome_bonus: z.number().int(),
})
export type EnrollmentResult = z.infer<typeof EnrollmentResult>

export const HistoryPage = z.object({ data: z.array(LedgerEntryView), meta: PageMetaSchema })
