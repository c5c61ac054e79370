import { z } from 'zod'
import type { Meta } from '../store/meta.ts'

/**
 * Consecutive PIN failures, kept in the store's meta so that a restart does not reset them:
 * one counter per staff member, and one for the kiosk (PINs that matched nobody).
 */
const FailureRecordSchema = z.object({
  consecutive_failures: z.number().int().min(1),
  last_failed_at: z.iso.datetime(),
  /** credentialOf(staff) when counted; null for the kiosk counter. */
  credential: z.string().nullable(),
})

export type FailureCount = { consecutive: number; lastFailedAt: Date | null }

const NONE: FailureCount = { consecutive: 0, lastFailedAt: null }

/** null: the kiosk's own counter. */
export type FailureSubject = string | null

const metaKey = (staffId: FailureSubject): string =>
  staffId === null ? 'pin_failures:kiosk' : `pin_failures:staff:${staffId}`

/** The failures counted against this credential (a changed PIN starts from zero). */
export const readFailures = (
  meta: Meta,
  staffId: FailureSubject,
  credential: string | null,
): FailureCount => {
  const parsed = FailureRecordSchema.safeParse(meta.getMeta(metaKey(staffId)))
  if (!parsed.success || parsed.data.credential !== credential) return NONE
  return {
    consecutive: parsed.data.consecutive_failures,
    lastFailedAt: new Date(parsed.data.last_failed_at),
  }
}

/** Counts one more failure and returns the new number of consecutive failures. */
export const recordFailure = (
  meta: Meta,
  staffId: FailureSubject,
  credential: string | null,
  at: Date,
): number => {
  const consecutive = readFailures(meta, staffId, credential).consecutive + 1
  meta.setMeta(metaKey(staffId), {
    consecutive_failures: consecutive,
    last_failed_at: at.toISOString(),
    credential,
  } satisfies z.input<typeof FailureRecordSchema>)
  return consecutive
}

export const clearFailures = (meta: Meta, staffId: FailureSubject): void => {
  meta.deleteMeta(metaKey(staffId))
}
