import { VersionSchema } from './common.ts'
import { z } from 'zod'

// The staff JSON API (/api/v1/staff, merchant API key): cashiers who unlock the kiosks of their
// stores with a PIN. PINs go in, never out (the kiosks get bcrypt hashes through their sync).
// Every answer carries the row's `version`; a PATCH names the version it edits (a stale one is
// EDIT_CONFLICT). A new PIN or an unlock is not an edit of the row and takes no version.

export const StaffIdParams = z.strictObject({ id: z.uuid() })

/** A new PIN: checked against the merchant's length and shared/staff-pin.ts by the server. */
const Pin = z.string().max(16)

export const CreateStaffBody = z
  .strictObject({
    name: z.string().max(200),
    /** Store codes: the kiosks of these stores get the cashier. */
    stores: z.array(z.string().max(40)).min(1).max(100),
    pin: Pin,
  })
  .meta({ examples: [{ name: 'Zoé Keller', stores: ['FASHIONHUB'], pin: '582910' }] })

export const UpdateStaffBody = z
  .strictObject({
    active: z.boolean(),
    /** The version the change is made from (from the last answer about this cashier). */
    version: VersionSchema,
  })
  .meta({ examples: [{ active: false, version: 3 }] })

export const SetStaffPinBody = z.strictObject({ pin: Pin }).meta({ examples: [{ pin: '619274' }] })

export const StaffMemberResult = z
  .object({
    id: z.uuid(),
    name: z.string(),
    active: z.boolean(),
    has_pin: z.boolean(),
    locked: z.boolean(),
    /** Failed PINs counted now (since the latest correct PIN, unlock or new PIN). */
    failed_attempts: z.number().int(),
    stores: z.array(z.object({ code: z.string(), name: z.string() })),
    /** The counted failures, newest first. */
    failures: z.array(z.object({ kiosk_id: z.uuid(), kiosk_name: z.string(), at: z.string() })),
    version: z.number().int(),
  })
  .meta({
    examples: [
      {
        id: '5b0e7a0c-2f3d-4c7e-9a51-8d2f6b1c4e90',
        name: 'Zoé Keller',
        active: true,
        has_pin: true,
        locked: true,
        failed_attempts: 10,
        stores: [{ code: 'FASHIONHUB', name: 'FashionHub' }],
        failures: [
          {
            kiosk_id: '0f6c2d8e-7b41-4a9a-b3e5-1c9d8a7f6e52',
            kiosk_name: 'Counter 1',
            at: '2026-12-07T09:41:12.000Z',
          },
        ],
        version: 3,
      },
    ],
  })
export type StaffMemberResult = z.infer<typeof StaffMemberResult>
