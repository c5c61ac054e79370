import { z } from 'zod'
import { AA_CONTRAST, parseHexColour, toHexColour, whiteTextContrast } from '../brand-colour.ts'
import { LanguageSchema, VersionSchema } from './common.ts'

// The merchant's stores over /api/v1 (and the Stores page, which parses its form into the same
// shapes): what customers see of a store and its branding. Fields are named like the columns of
// `stores`. Creating stores, codes, subdomains and custom domains stays with the platform admin.
// Every answer carries `version`; every change names the version it edits (stale: EDIT_CONFLICT).

/** An optional line of text: trimmed, empty means none (null). */
const OptionalLine = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullable()
    .transform((value) => (value ? value : null))

export const STORE_NAME_MAX_LENGTH = 100
export const STORE_DESCRIPTION_MAX_LENGTH = 2000

/** A phone number as people write it: digits, spaces and + ( ) . / -, at least 4 digits. */
export const StorePhone = OptionalLine(40).refine(
  (phone) => phone === null || (/^\+?[0-9 ()./-]+$/.test(phone) && /(\d\D*){4}/.test(phone)),
  { message: 'invalid_phone', params: { code: 'invalid_phone' } },
)

/** An IANA time zone the runtime knows (Europe/Luxembourg). */
/** The IANA time zones this runtime knows (the store form's choices), and UTC. */
export const TIME_ZONES: readonly string[] = Intl.supportedValuesOf('timeZone')
const KNOWN_TIME_ZONES = new Set([...TIME_ZONES, 'UTC'])

export const StoreTimeZone = z
  .string()
  .trim()
  .refine((zone) => KNOWN_TIME_ZONES.has(zone), {
    message: 'invalid_time_zone',
    params: { code: 'invalid_time_zone' },
  })

/**
 * A brand colour, `#rrggbb` (also `#rgb`, any case; kept as lowercase `#rrggbb`), on which white
 * text reaches WCAG AA (4.5:1): otherwise `low_contrast`. Null: the platform's colour.
 */
export const BrandColour = z
  .string()
  .trim()
  .nullable()
  .transform((value, ctx) => {
    if (!value) return null
    const rgb = parseHexColour(value)
    if (!rgb || !value.startsWith('#')) {
      ctx.addIssue({
        code: 'custom',
        message: 'invalid_colour',
        params: { code: 'invalid_colour' },
      })
      return z.NEVER
    }
    const colour = toHexColour(rgb)
    if ((whiteTextContrast(colour) ?? 0) < AA_CONTRAST) {
      ctx.addIssue({ code: 'custom', message: 'low_contrast', params: { code: 'low_contrast' } })
      return z.NEVER
    }
    return colour
  })

/** The fields of a store a merchant edits; PATCH takes any of them, with the version it edits. */
export const StoreSettings = z.strictObject({
  name: z.string().trim().min(1).max(STORE_NAME_MAX_LENGTH),
  /** What customers read about the store, per language (empty: none in that language). */
  description: z.partialRecord(LanguageSchema, z.string().trim().max(STORE_DESCRIPTION_MAX_LENGTH)),
  address_line1: OptionalLine(200),
  address_line2: OptionalLine(200),
  postal_code: OptionalLine(20),
  city: OptionalLine(100),
  country: OptionalLine(100),
  phone: StorePhone,
  timezone: StoreTimeZone,
  default_language: LanguageSchema,
  brand_color: BrandColour,
})
export type StoreSettings = z.output<typeof StoreSettings>

export const StorePatchBody = StoreSettings.partial().extend({ version: VersionSchema })
export type StorePatchBody = z.output<typeof StorePatchBody>

export const StoreIdParams = z.strictObject({ id: z.uuid() })

/** The version a logo change is made from (`PUT /stores/{id}/logo?version=3`). */
export const StoreVersionQuery = z.object({ version: z.coerce.number().int().min(1) })

export const StoreDetail = z
  .object({
    id: z.uuid(),
    code: z.string(),
    name: z.string(),
    description: z.partialRecord(LanguageSchema, z.string()),
    address_line1: z.string().nullable(),
    address_line2: z.string().nullable(),
    postal_code: z.string().nullable(),
    city: z.string().nullable(),
    country: z.string().nullable(),
    phone: z.string().nullable(),
    timezone: z.string(),
    default_language: LanguageSchema,
    /** The logo's content-hashed path on this server (cached for good), or null. */
    logo_url: z.string().nullable(),
    brand_color: z.string().nullable(),
    /** Set by the platform admin: read-only here. */
    subdomain: z.string().nullable(),
    custom_domain: z.string().nullable(),
    active: z.boolean(),
    version: z.number().int(),
    updated_at: z.string(),
  })
  .meta({
    examples: [
      {
        id: '4f7c2a1e-8a7b-4c1d-9e2f-3a4b5c6d7e8f',
        code: 'FASHIONHUB',
        name: 'FashionHub',
        description: { en: 'Our flagship store', fr: 'Notre magasin principal' },
        address_line1: '12 Grand-Rue',
        address_line2: null,
        postal_code: 'L-1660',
        city: 'Luxembourg',
        country: 'LU',
        phone: '+352 26 12 34 56',
        timezone: 'Europe/Luxembourg',
        default_language: 'fr',
        logo_url:
          '/media/logos/9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08.png',
        brand_color: '#3538cd',
        subdomain: 'fashionhub',
        custom_domain: null,
        active: true,
        version: 4,
        updated_at: '2026-12-07T10:15:00.000Z',
      },
    ],
  })
export type StoreDetail = z.infer<typeof StoreDetail>
