import type { SyncBody, SyncResult } from '../../../shared/schemas/kiosk-api.ts'

/** Why a sync did not get an answer, as the engine needs to tell apart. */
export type TransportFailure =
  | { kind: 'unreachable'; message: string }
  | { kind: 'revoked' }
  | { kind: 'server_error'; status: number; message: string }
  | { kind: 'refused'; status: number; code: string }

export class TransportError extends Error {
  constructor(readonly failure: TransportFailure) {
    super(
      failure.kind === 'revoked'
        ? 'device revoked'
        : `${failure.kind}: ${'message' in failure ? failure.message : 'code' in failure ? failure.code : ''}`,
    )
    this.name = 'TransportError'
  }
}

export type SyncTransport = { sync: (body: SyncBody) => Promise<SyncResult> }

/** Talks to the backend's sync endpoint with the device credential; times out after `timeoutMs`. */
export const httpSyncTransport = (options: {
  baseUrl: string
  credential: string
  timeoutMs?: number
}): SyncTransport => ({
  sync: async (body) => {
    let response: Response
    try {
      response = await fetch(new URL('/api/v1/kiosk/sync', options.baseUrl), {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${options.credential}`,
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
      })
    } catch (error) {
      throw new TransportError({ kind: 'unreachable', message: (error as Error).message })
    }
    const text = await response.text().catch(() => '')
    const json = (() => {
      try {
        return JSON.parse(text) as { data?: SyncResult; error?: { code: string; message: string } }
      } catch {
        return {}
      }
    })()
    if (response.ok && json.data) return json.data
    if (response.status === 401 && json.error?.code === 'DEVICE_REVOKED')
      throw new TransportError({ kind: 'revoked' })
    if (response.status >= 500 || !json.error) {
      throw new TransportError({
        kind: 'server_error',
        status: response.status,
        message: json.error?.message ?? text.slice(0, 200),
      })
    }
    throw new TransportError({ kind: 'refused', status: response.status, code: json.error.code })
  },
})
