import { z } from 'zod'
import { CalendarDateSchema, CardNumberSchema, LanguageSchema, VersionSchema } from './common.ts'
import { CardDetail, ProgrammeType } from './loyalty-api.ts'

// The merchant's customers (the Customers pages and /api/v1/customers): search, contact
// details, block and unblock, anonymize. Fields are named like the columns of customers and
// cards; every answer about a customer carries its row's version.

/** How recently a member was active, for the search's filter. */
export const ACTIVE_WITHIN_DAYS = [30, 90] as const

export const CustomerSearchQuery = z.strictObject({
  /** A card number, an email or its beginning, a phone, or a name's beginning. */
  query: z.string().trim().max(200).optional(),
  store_id: z.uuid().optional(),
  active_within_days: z.coerce
    .number()
    .pipe(z.union(ACTIVE_WITHIN_DAYS.map((days) => z.literal(days))))
    .optional(),
  marketing_consent: z.enum(['true', 'false']).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  per_page: z.coerce.number().int().min(1).max(100).default(25),
})
export type CustomerSearchQuery = z.infer<typeof CustomerSearchQuery>

export const CustomerListItem = z.object({
  customer_id: z.uuid(),
  card_number: z.string(),
  status: z.enum(['active', 'blocked']),
  name: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  marketing_consent: z.boolean(),
  anonymized: z.boolean(),
  programme_type: ProgrammeType,
  points_balance: z.number().int(),
  stamps_balance: z.number().int(),
  home_store_id: z.uuid().nullable(),
  home_store_name: z.string().nullable(),
  last_activity_at: z.string(),
  created_at: z.string(),
})
export type CustomerListItem = z.infer<typeof CustomerListItem>

export const CustomerSearchPage = z.object({
  data: z.array(CustomerListItem),
  /** Pages are counted forwards only (a count over a million members is not worth its time). */
  meta: z.object({ page: z.number().int(), per_page: z.number().int(), has_more: z.boolean() }),
})
export type CustomerSearchPage = z.infer<typeof CustomerSearchPage>

const Phone = z
  .string()
  .trim()
  .regex(/^\+?[0-9 ()./-]{6,24}$/)

/** A change of a member's contact details, from the version shown (partial). */
export const CustomerPatchBody = z
  .strictObject({
    version: VersionSchema,
    name: z.string().trim().min(1).max(200).optional(),
    email: z.email().max(254).optional(),
    phone: Phone.nullable().optional(),
    birthday: CalendarDateSchema.nullable().optional(),
    preferred_language: LanguageSchema.nullable().optional(),
    marketing_consent: z.boolean().optional(),
  })
  .meta({ examples: [{ version: 3, phone: '+352 621 123 456', birthday: '1990-04-17' }] })
export type CustomerPatchBody = z.infer<typeof CustomerPatchBody>

export const CustomerIdParams = z.strictObject({ id: z.uuid() })
export const BlockCardParams = z.strictObject({ number: CardNumberSchema })

export const BlockCardBody = z
  .strictObject({ reason: z.string().trim().max(500).optional() })
  .meta({ examples: [{ reason: 'Card reported lost by the customer' }] })
export type BlockCardBody = z.infer<typeof BlockCardBody>

export const AnonymizeBody = z
  .strictObject({ reason: z.string().trim().max(500).optional() })
  .meta({ examples: [{ reason: 'Erasure requested by email on 2026-12-07' }] })

/** A member as the merchant sees them: the card detail, the customer's version and home store. */
export const CustomerRecord = CardDetail.extend({
  customer: CardDetail.shape.customer.extend({
    version: z.number().int(),
    anonymized_at: z.string().nullable(),
  }),
  home_store_id: z.uuid().nullable(),
  home_store_name: z.string().nullable(),
})
export type CustomerRecord = z.infer<typeof CustomerRecord>

export const CardStatusAnswer = z.object({
  data: z.object({ number: z.string(), status: z.enum(['active', 'blocked']) }),
})

export const AnonymizeAnswer = z.object({
  data: z.object({ id: z.uuid(), anonymized: z.literal(true), cards_blocked: z.number().int() }),
})
