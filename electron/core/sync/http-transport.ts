import { z } from 'zod'
import { SyncResult, type SyncBody } from '../../../shared/schemas/kiosk-api.ts'
import {
  CardSummary,
  HistoryPage,
  type LedgerEntryView,
} from '../../../shared/schemas/loyalty-api.ts'

/** Why a request to the backend did not give a usable answer, as the kiosk needs to tell apart. */
export type TransportFailure =
  | { kind: 'unreachable'; message: string }
  | { kind: 'revoked' }
  | { kind: 'server_error'; status: number; message: string }
  | { kind: 'refused'; status: number; code: string }
  /** The backend answered, but not in the shape of the shared contract: nothing of it is used. */
  | { kind: 'malformed'; path: string; message: string }

const describeFailure = (failure: TransportFailure) => {
  switch (failure.kind) {
    case 'revoked':
      return 'device revoked'
    case 'refused':
      return `refused: ${failure.code}`
    case 'malformed':
      return `malformed answer from ${failure.path}: ${failure.message}`
    default:
      return `${failure.kind}: ${failure.message}`
  }
}

export class TransportError extends Error {
  constructor(readonly failure: TransportFailure) {
    super(describeFailure(failure))
    this.name = 'TransportError'
  }
}

/** Online only: what the cashier looks up on the backend (never kept on the kiosk). */
export type BackendLookups = {
  /** The merchant's cards by a customer's exact email address or phone number. */
  searchCards: (query: string) => Promise<CardSummary[]>
  /** A card's last ledger entries, newest first. */
  cardHistory: (cardNumber: string, limit: number) => Promise<LedgerEntryView[]>
}

export type SyncTransport = {
  sync: (body: SyncBody) => Promise<SyncResult>
  /** Absent where there is no backend to ask (a test's transport): the lookups are offline. */
  lookups?: BackendLookups
}

type Credentials = { baseUrl: string; credential: string }

/** The first few issues on one line, each with where it is (`data.results[3].result.card`). */
export const issuesOf = (error: z.ZodError, shown = 3) => {
  const where = (path: PropertyKey[]) =>
    path
      .reduce<string>(
        (text, key) => (typeof key === 'number' ? `${text}[${key}]` : `${text}.${String(key)}`),
        '',
      )
      .replace(/^\./, '') || 'the answer'
  const first = error.issues
    .slice(0, shown)
    .map((issue) => `${where(issue.path)}: ${issue.message}`)
  const more = error.issues.length - first.length
  return first.join('; ') + (more > 0 ? ` (and ${more} more)` : '')
}

/**
 * Talks to the backend's kiosk API with the device credential: every answer is parsed with the
 * shared schemas, so a malformed one is a TransportError naming what was wrong, never a value.
 * A sync times out after `timeoutMs`, a lookup after 3 s.
 */
export const httpSyncTransport = (options: Credentials & { timeoutMs?: number }): SyncTransport => {
  const lookup = <S extends z.ZodType>(path: string, query: Record<string, string>, schema: S) =>
    kioskRequest(options, `${path}?${new URLSearchParams(query)}`, schema, {
      method: 'GET',
      timeoutMs: 3_000,
    })
  return {
    sync: async (body) =>
      (
        await kioskRequest(options, 'sync', z.object({ data: SyncResult }), {
          method: 'POST',
          body: JSON.stringify(body),
          timeoutMs: options.timeoutMs ?? 30_000,
        })
      ).data,
    lookups: {
      searchCards: async (query) =>
        (await lookup('cards', { query }, z.object({ data: z.array(CardSummary) }))).data,
      cardHistory: async (cardNumber, limit) =>
        (
          await lookup(
            `cards/${encodeURIComponent(cardNumber)}/history`,
            { per_page: String(limit) },
            HistoryPage,
          )
        ).data,
    },
  }
}

/** The backend's error body (backend/http: `{ error: { code, message, details } }`). */
const ErrorBody = z.object({
  error: z.object({ code: z.string(), message: z.string().optional() }),
})

/** One request to /api/v1/kiosk/<path> with the device credential; failures as TransportError. */
const kioskRequest = async <S extends z.ZodType>(
  options: Credentials,
  path: string,
  schema: S,
  request: { method: 'GET' | 'POST'; body?: string; timeoutMs: number },
): Promise<z.output<S>> => {
  const url = new URL(`/api/v1/kiosk/${path}`, options.baseUrl)
  let response: Response
  try {
    response = await fetch(url, {
      method: request.method,
      headers: {
        ...(request.body ? { 'content-type': 'application/json' } : {}),
        authorization: `Bearer ${options.credential}`,
        // A first sync is megabytes of JSON: the backend compresses what is asked for.
        'accept-encoding': 'br, gzip',
      },
      ...(request.body ? { body: request.body } : {}),
      signal: AbortSignal.timeout(request.timeoutMs),
    })
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    throw new TransportError({ kind: 'unreachable', message })
  }
  const text = await response.text().catch(() => '')
  let json: unknown = undefined
  try {
    json = JSON.parse(text)
  } catch {
    // Not JSON: judged by the status below.
  }
  if (response.ok) {
    const answer = schema.safeParse(json)
    if (answer.success) return answer.data
    throw new TransportError({
      kind: 'malformed',
      path: url.pathname,
      message: json === undefined ? 'not JSON' : issuesOf(answer.error),
    })
  }
  const refusal = ErrorBody.safeParse(json)
  const error = refusal.success ? refusal.data.error : null
  if (response.status === 401 && error?.code === 'DEVICE_REVOKED')
    throw new TransportError({ kind: 'revoked' })
  if (response.status >= 500 || !error) {
    throw new TransportError({
      kind: 'server_error',
      status: response.status,
      message: error?.message ?? text.slice(0, 200),
    })
  }
  throw new TransportError({ kind: 'refused', status: response.status, code: error.code })
}
