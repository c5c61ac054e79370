import { createHash } from 'node:crypto'

const canonical = (value: unknown): unknown => {
  if (value instanceof Date) return value.toISOString()
  if (Array.isArray(value)) return value.map(canonical)
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([k, v]) => [k, canonical(v)]),
    )
  }
  return value
}

/**
 * Fingerprint of what a mutating call asked for (operation + payload, key order irrelevant):
 * a replayed client id must carry the same fingerprint, or it is IDEMPOTENCY_CONFLICT.
 */
export const requestHash = (operation: string, payload: Record<string, unknown>): string =>
  createHash('sha256')
    .update(JSON.stringify(canonical({ operation, ...payload })))
    .digest('base64url')
