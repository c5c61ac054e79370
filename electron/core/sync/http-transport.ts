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

export type SyncTransport = {
  sync: (body: SyncBody) => Promise<SyncResult>
  /** Online lookups (search, a card's history): GET on the kiosk API, the JSON answer. */
  get?: (path: string, query: Record<string, string>) => Promise<unknown>
}

/** Talks to the backend's sync endpoint with the device credential; times out after `timeoutMs`. */
export const httpSyncTransport = (options: {
  baseUrl: string
  credential: string
  timeoutMs?: number
}): SyncTransport => ({
  sync: (body) =>
    kioskRequest<{ data?: SyncResult }>(options, '/api/v1/kiosk/sync', {
      method: 'POST',
      body: JSON.stringify(body),
      timeoutMs: options.timeoutMs ?? 30_000,
    }).then((json) => json.data!),
  get: (path, query) => {
    const search = new URLSearchParams(query).toString()
    return kioskRequest(options, `/api/v1/kiosk/${path}${search ? `?${search}` : ''}`, {
      method: 'GET',
      timeoutMs: 3_000,
    })
  },
})

/** One request with the device credential; failures as TransportError. */
const kioskRequest = async <T>(
  options: { baseUrl: string; credential: string },
  path: string,
  request: { method: 'GET' | 'POST'; body?: string; timeoutMs: number },
): Promise<T> => {
  let response: Response
  try {
    response = await fetch(new URL(path, options.baseUrl), {
      method: request.method,
      headers: {
        ...(request.body ? { 'content-type': 'application/json' } : {}),
        authorization: `Bearer ${options.credential}`,
      },
      ...(request.body ? { body: request.body } : {}),
      signal: AbortSignal.timeout(request.timeoutMs),
    })
  } catch (error) {
    throw new TransportError({ kind: 'unreachable', message: (error as Error).message })
  }
  const text = await response.text().catch(() => '')
  const json = (() => {
    try {
      return JSON.parse(text) as { data?: unknown; error?: { code: string; message: string } }
    } catch {
      return {}
    }
  })()
  if (response.ok && 'data' in json) return json as T
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
}
