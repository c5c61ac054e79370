import { z } from 'zod'

// The staff JSON API (/api/v1/staff, merchant API key): cashiers who unlock the kiosks of their
// stores with a PIN. PINs go in, never out (the kiosks get bcrypt hashes through their sync).

export const StaffIdParams = z.strictObject({ id: z.uuid() })

/** A new PIN: checked against the merchant's length and shared/staff-pin.ts by the server. */
const Pin = z.string().max(16)

export const CreateStaffBody = z.strictObject({
  name: z.string().max(200),
  /** Store codes: the kiosks of these stores get the cashier. */
  stores: z.array(z.string().max(40)).min(1).max(100),
  pin: Pin,
})

export const UpdateStaffBody = z.strictObject({ active: z.boolean() })

export const SetStaffPinBody = z.strictObject({ pin: Pin })

export const StaffMemberResult = z.object({
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
})
export type StaffMemberResult = z.infer<typeof StaffMemberResult>
