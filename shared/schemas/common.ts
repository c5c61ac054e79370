import { z } from 'zod'
import { parseCardNumber } from '../card-number.ts'
import { LANGUAGES } from '../languages.ts'

export const LanguageSchema = z.enum(LANGUAGES)

export const LocalizedTextSchema = z.partialRecord(LanguageSchema, z.string().max(10_000))

/** Client-chosen operation id: the same id again returns the first result and writes nothing. */
/** A row's optimistic version, as an edit names it (backend/db/versioned-update.ts). */
export const VersionSchema = z.number().int().min(1)

export const ClientIdSchema = z.uuid()

const IdSchema = z.guid()

/** Whether `value` has the shape of a database id (a UUID), before a query casts it. */
export const isUuid = (value: unknown): value is string => IdSchema.safeParse(value).success

/** A card number as typed or scanned: separators allowed, check digit verified. */
export const CardNumberSchema = z.string().transform((value, ctx) => {
  const parsed = parseCardNumber(value)
  if (!parsed.ok) {
    ctx.addIssue({
      code: 'custom',
      message: 'INVALID_CARD_NUMBER',
      params: { reason: parsed.reason },
    })
    return z.NEVER
  }
  return parsed.number
})

export const StoreCodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9][A-Z0-9_-]{1,31}$/)

export const IsoDateTimeSchema = z.iso.datetime({ offset: true })

/** A calendar date, `YYYY-MM-DD`, that exists. */
export const CalendarDateSchema = z.iso.date()

export const PageQuerySchema = z.object({
  page: z.coerce.number().int().min(1).default(1),
  per_page: z.coerce.number().int().min(1).max(100).default(20),
})

export const PageMetaSchema = z.object({
  page: z.number().int(),
  per_page: z.number().int(),
  total: z.number().int(),
  total_pages: z.number().int(),
})
