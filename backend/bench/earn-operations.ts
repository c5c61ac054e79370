import { randomUUID } from 'node:crypto'
import http from 'node:http'
import type pg from 'pg'
import type { Outcome } from './load.ts'

// The two ways of earning that the benchmark compares: the public API over HTTP, and the bare
// ledger transaction issued with `pg` (what the database alone can do at this concurrency).

export const BENCH_AMOUNT_CENTS = 1234
/** floor(12.34 × 1 point per currency unit). */
export const BENCH_POINTS = 12
export const DIRECT_REQUEST_HASH = 'bench-direct'

const REQUEST_TIMEOUT_MS = 30_000

/** A keep-alive client for `baseUrl` with at most `maxSockets` connections. */
export const httpClient = (baseUrl: string, maxSockets: number) => {
  const { hostname, port } = new URL(baseUrl)
  const agent = new http.Agent({ keepAlive: true, maxSockets })

  const send = (method: string, path: string, headers: http.OutgoingHttpHeaders, body?: string) =>
    new Promise<Outcome>((resolve) => {
      const req = http.request(
        { host: hostname, port: Number(port), method, path, agent, headers },
        (res) => {
          const status = res.statusCode ?? 0
          if (status >= 200 && status < 300) {
            res.resume()
            res.on('end', () => resolve({ ok: true }))
          } else {
            let text = ''
            res.setEncoding('utf8')
            res.on('data', (chunk: string) => (text += chunk))
            res.on('end', () => resolve({ ok: false, error: `HTTP ${status}: ${text}` }))
          }
          res.on('error', (error) => resolve({ ok: false, error: error.message }))
        },
      )
      req.on('error', (error) => resolve({ ok: false, error: error.message }))
      req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error('request timed out')))
      req.end(body)
    })

  return {
    get: (path: string) => send('GET', path, {}),
    /** POST /api/v1/cards/:number/earn with a fresh client_id. */
    earn: (token: string, cardNumber: string, storeCode: string) => {
      const body = JSON.stringify({
        client_id: randomUUID(),
        store_code: storeCode,
        amount_cents: BENCH_AMOUNT_CENTS,
      })
      return send(
        'POST',
        `/api/v1/cards/${cardNumber}/earn`,
        {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
        body,
      )
    },
    close: () => agent.destroy(),
  }
}

type CardBalances = { merchant_id: string; points_balance: number; stamps_balance: number }

/**
 * The earn transaction without the application: lock the card, append the entry, move the
 * cached balances (the same columns `appendEntry` writes), commit.
 */
export const earnDirectly = async (
  pool: pg.Pool,
  card: { cardId: string; storeId: string },
): Promise<Outcome> => {
  const client = await pool.connect()
  try {
    await client.query('BEGIN')
    const { rows } = await client.query<CardBalances>(
      'SELECT merchant_id, points_balance, stamps_balance FROM cards WHERE id = $1 FOR UPDATE',
      [card.cardId],
    )
    const locked = rows[0]
    if (!locked) throw new Error(`card ${card.cardId} not found`)
    const pointsAfter = locked.points_balance + BENCH_POINTS
    await client.query(
      `INSERT INTO ledger_entries (merchant_id, card_id, type, points_delta, points_balance_after,
         stamps_balance_after, amount_cents, store_id, client_id, request_hash, occurred_at)
       VALUES ($1, $2, 'earn', $3, $4, $5, $6, $7, $8, $9, now())`,
      [
        locked.merchant_id,
        card.cardId,
        BENCH_POINTS,
        pointsAfter,
        locked.stamps_balance,
        BENCH_AMOUNT_CENTS,
        card.storeId,
        randomUUID(),
        DIRECT_REQUEST_HASH,
      ],
    )
    await client.query(
      `UPDATE cards SET points_balance = $2, lifetime_points = lifetime_points + $3,
         last_earn_at = now(), last_activity_at = greatest(last_activity_at, now()),
         updated_at = now()
       WHERE id = $1`,
      [card.cardId, pointsAfter, BENCH_POINTS],
    )
    await client.query('COMMIT')
    return { ok: true }
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined)
    return { ok: false, error: (error as Error).message }
  } finally {
    client.release()
  }
}
