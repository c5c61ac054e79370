import { createHash } from 'node:crypto'
import { z } from 'zod'

/**
 * A staff member as the kiosk keeps them in its `staff` snapshot (the sync result's staff:
 * shared StaffSnapshot). `store_ids`, when present, limits the stores they may unlock.
 */
const StaffRecordSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  pin_hash: z.string().nullable(),
  locked: z.boolean(),
  pin_changed_at: z.string().nullable().optional(),
  store_ids: z.array(z.string()).optional(),
})
export type StaffRecord = z.infer<typeof StaffRecordSchema>

/** The record, or null when the snapshot row is missing or not a staff record. */
export const parseStaffRecord = (value: unknown): StaffRecord | null => {
  const parsed = StaffRecordSchema.safeParse(value)
  return parsed.success ? parsed.data : null
}

export const worksAt = (staff: StaffRecord, storeId: string | undefined): boolean =>
  storeId === undefined || staff.store_ids === undefined || staff.store_ids.includes(storeId)

/**
 * Fingerprint of the PIN the server last set: when it changes (new hash or new pin_changed_at),
 * failures counted against the old PIN no longer count.
 */
export const credentialOf = (staff: StaffRecord): string =>
  createHash('sha256')
    .update(`${staff.pin_changed_at ?? ''}\n${staff.pin_hash ?? ''}`)
    .digest('hex')
