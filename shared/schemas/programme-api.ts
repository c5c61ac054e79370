import { z } from 'zod'
import { LanguageSchema, LocalizedTextSchema, VersionSchema } from './common.ts'

// The merchant's programme and rewards catalogue over /api/v1 (and the merchant pages, which
// parse their forms into the same shapes). Fields are named like the columns. Every answer
// carries `version`; every change names the version it edits, and a stale one is EDIT_CONFLICT.

const ShortText = z.partialRecord(LanguageSchema, z.string().trim().max(200))

export const ProgrammeType = z.enum(['points', 'stamps'])
export const ProgrammeStatus = z.enum(['draft', 'active', 'paused'])

/** How far kiosks may redeem without the server (merchants.settings.kiosk). */
export const ProgrammeOfflineLimits = z.strictObject({
  max_offline_minutes_for_redemptions: z
    .number()
    .int()
    .min(0)
    .max(30 * 24 * 60),
  max_offline_redemption_points: z.number().int().min(0).max(1_000_000),
})

/** The settings a merchant edits; PATCH takes any of them, with the version it edits. */
export const ProgrammeSettings = z.strictObject({
  type: ProgrammeType,
  name: ShortText,
  terms: LocalizedTextSchema,
  terms_url: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .nullable(),
  points_per_currency_unit: z.number().int().min(0).max(10_000),
  stamps_required: z.number().int().min(1).max(1000).nullable(),
  welcome_bonus: z.number().int().min(0).max(1_000_000),
  cooldown_minutes: z
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 60),
  daily_cap: z.number().int().min(1).max(1_000_000).nullable(),
  expiry_months: z.number().int().min(1).max(120).nullable(),
  offline_limits: ProgrammeOfflineLimits,
})
export type ProgrammeSettings = z.infer<typeof ProgrammeSettings>

export const ProgrammePatchBody = ProgrammeSettings.partial().extend({ version: VersionSchema })
export type ProgrammePatchBody = z.infer<typeof ProgrammePatchBody>

/** Activate or pause: the version the merchant saw when they confirmed. */
export const ProgrammeStatusBody = z.strictObject({ version: VersionSchema })

export const ProgrammeDetail = ProgrammeSettings.extend({
  id: z.uuid(),
  status: ProgrammeStatus,
  /** Cards in the programme: with any, the type is fixed. */
  members: z.number().int(),
  /** Store languages still without terms: non-empty, the programme cannot be active. */
  missing_terms: z.array(LanguageSchema),
  version: z.number().int(),
  updated_at: z.string(),
})
export type ProgrammeDetail = z.infer<typeof ProgrammeDetail>

export const RewardFields = z.strictObject({
  name: ShortText.refine((name) => Object.values(name).some((text) => text?.trim()), {
    message: 'required',
  }),
  description: LocalizedTextSchema,
  cost: z.number().int().min(1).max(1_000_000),
  active: z.boolean(),
})

/** A new reward goes last in the catalogue; `POST /rewards/{id}/move` reorders (the only way). */
export const RewardCreateBody = RewardFields.partial({
  description: true,
  active: true,
})
export type RewardCreateBody = z.infer<typeof RewardCreateBody>

export const RewardPatchBody = RewardFields.partial().extend({ version: VersionSchema })
export type RewardPatchBody = z.infer<typeof RewardPatchBody>

export const RewardIdParams = z.object({ id: z.uuid() })

/** One place up or down the catalogue, from the version read (it swaps with its neighbour). */
export const RewardMoveBody = z
  .strictObject({ version: VersionSchema, direction: z.enum(['up', 'down']) })
  .meta({ examples: [{ version: 2, direction: 'up' }] })

export const RewardDeleteQuery = z.object({ version: z.coerce.number().int().min(1) })

export const RewardDetail = z.object({
  id: z.uuid(),
  programme_id: z.uuid(),
  name: ShortText,
  description: LocalizedTextSchema,
  cost: z.number().int(),
  active: z.boolean(),
  /** Its place in the catalogue (0 first); changed only by a move. */
  position: z.number().int(),
  /** Redeemed at least once: it can be deactivated but not deleted. */
  in_use: z.boolean(),
  version: z.number().int(),
})
export type RewardDetail = z.infer<typeof RewardDetail>
