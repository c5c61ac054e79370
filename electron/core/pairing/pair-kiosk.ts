import { z } from 'zod'
import { PairResult, PairingCodeSchema } from '../../../shared/schemas/kiosk-api.ts'
import type { KioskStore } from '../store/kiosk-store.ts'
import { META } from '../sync/apply-changes.ts'
import { issuesOf } from '../sync/http-transport.ts'

/** What the kiosk keeps after pairing: who it is and where its backend is. */
const PairingSchema = PairResult.extend({ backend_url: z.string(), paired_at: z.string() })
export type Pairing = z.infer<typeof PairingSchema>

const PairAnswer = z.object({ data: PairResult })
const Refusal = z.object({ error: z.object({ code: z.string(), message: z.string().optional() }) })

export class PairingError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message)
    this.name = 'PairingError'
  }
}

/**
 * What the pairing QR encodes: `<backend>/kiosk/pair?code=XXXXXXXX`. Returns the backend URL and
 * the code, or null when the text is not a pairing QR.
 */
export const parsePairingQr = (text: string): { backendUrl: string; code: string } | null => {
  let url: URL
  try {
    url = new URL(text.trim())
  } catch {
    return null
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null
  if (!url.pathname.endsWith('/kiosk/pair')) return null
  const code = PairingCodeSchema.safeParse(url.searchParams.get('code') ?? '')
  if (!code.success) return null
  return { backendUrl: url.origin, code: code.data }
}

/**
 * Exchanges a one-time pairing code for the device credential and keeps both (encrypted, in the
 * store). Throws PairingError with the server's code (PAIRING_CODE_INVALID, …) or UNREACHABLE.
 */
export const pairKiosk = async (options: {
  store: KioskStore
  backendUrl: string
  code: string
  appVersion: string
  deviceName?: string
  now?: () => Date
}): Promise<Pairing> => {
  const code = PairingCodeSchema.safeParse(options.code)
  if (!code.success) throw new PairingError('PAIRING_CODE_INVALID', 'not a pairing code')
  let response: Response
  try {
    response = await fetch(new URL('/api/v1/kiosk/pair', options.backendUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        code: code.data,
        app_version: options.appVersion,
        ...(options.deviceName ? { device_name: options.deviceName } : {}),
      }),
      signal: AbortSignal.timeout(15_000),
    })
  } catch (error) {
    throw new PairingError('UNREACHABLE', error instanceof Error ? error.message : String(error))
  }
  const json: unknown = await response.json().catch(() => undefined)
  if (!response.ok) {
    const refusal = Refusal.safeParse(json)
    throw refusal.success
      ? new PairingError(
          refusal.data.error.code,
          refusal.data.error.message ?? `HTTP ${response.status}`,
        )
      : new PairingError('PAIRING_FAILED', `HTTP ${response.status}`)
  }
  const answer = PairAnswer.safeParse(json)
  if (!answer.success)
    throw new PairingError('PAIRING_FAILED', `malformed answer: ${issuesOf(answer.error)}`)
  const pairing: Pairing = {
    ...answer.data.data,
    backend_url: new URL(options.backendUrl).origin,
    paired_at: (options.now?.() ?? new Date()).toISOString(),
  }
  options.store.setMeta(META.pairing, pairing)
  return pairing
}

/** The kiosk's pairing, or null for an unpaired kiosk. */
export const readPairing = (store: Pick<KioskStore, 'getMeta'>): Pairing | null => {
  const stored = store.getMeta(META.pairing)
  return stored === null ? null : PairingSchema.parse(stored)
}
