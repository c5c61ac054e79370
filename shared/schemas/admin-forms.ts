import { z } from 'zod'
import { PIN_LENGTH } from './merchant-settings-api.ts'
import { LanguageSchema, StoreCodeSchema, VersionSchema } from './common.ts'
import { STORE_NAME_MAX_LENGTH, StoreTimeZone } from './store-api.ts'

// What the platform admin's forms send (backend/admin/): platforms, merchants, their
// suspension, and stores with their codes and domains. Fields are named like the columns.

/** A host name as DNS has it: labels of letters, digits and inner hyphens, at least two. */
export const HostName = z
  .string()
  .trim()
  .toLowerCase()
  .max(253)
  .refine(
    (host) =>
      /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/.test(
        host,
      ),
    { message: 'invalid_host', params: { code: 'invalid_host' } },
  )

const OptionalEmail = z
  .string()
  .trim()
  .transform((value) => (value ? value : null))
  .pipe(z.email().max(254).nullable())

export const PlatformFields = z.strictObject({
  name: z.string().trim().min(1).max(100),
  base_domain: HostName,
  default_language: LanguageSchema,
  support_email: OptionalEmail,
  sender_name: z
    .string()
    .trim()
    .max(100)
    .transform((value) => (value ? value : null)),
})
export type PlatformFields = z.infer<typeof PlatformFields>

export const PlatformEdit = PlatformFields.extend({ version: VersionSchema })
export type PlatformEdit = z.infer<typeof PlatformEdit>

/** A merchant's slug: its name in URLs and logs (the check of migration 0001). */
export const MerchantSlug = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9-]{1,62}$/)

export const MerchantCreate = z.strictObject({
  name: z.string().trim().min(1).max(200),
  slug: MerchantSlug,
  platform_id: z.guid(),
  country: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{2}$/),
  currency: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{3}$/),
  default_language: LanguageSchema,
  pin_length: z.number().int().min(PIN_LENGTH.min).max(PIN_LENGTH.max),
})
export type MerchantCreate = z.infer<typeof MerchantCreate>

/** Suspending or reactivating names the reason (kept in the audit log) and the version seen. */
export const MerchantStatusChange = z.strictObject({
  reason: z.string().trim().min(3).max(500),
  version: VersionSchema,
})
export type MerchantStatusChange = z.infer<typeof MerchantStatusChange>

/** A platform subdomain label (the check of migration 0001); empty: none. */
const Subdomain = z
  .string()
  .trim()
  .toLowerCase()
  .transform((value) => (value ? value : null))
  .pipe(
    z
      .string()
      .regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/)
      .nullable(),
  )

const OptionalHost = z
  .string()
  .trim()
  .transform((value) => (value ? value : null))
  .pipe(HostName.nullable())

/** A store as the admin creates or edits it: its codes and addresses besides its basics. */
export const AdminStoreFields = z.strictObject({
  code: StoreCodeSchema,
  name: z.string().trim().min(1).max(STORE_NAME_MAX_LENGTH),
  subdomain: Subdomain,
  custom_domain: OptionalHost,
  timezone: StoreTimeZone,
  default_language: LanguageSchema,
  currency: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{3}$/),
})
export type AdminStoreFields = z.infer<typeof AdminStoreFields>

export const AdminStoreEdit = AdminStoreFields.extend({ version: VersionSchema })
export type AdminStoreEdit = z.infer<typeof AdminStoreEdit>
