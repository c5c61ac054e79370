import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import path from 'node:path'

const apiKey = () =>
  readFileSync(path.join(process.env.E2E_DATA_DIR!, 'demo-api-key.txt'), 'utf8').trim()

const api = async (method: 'GET' | 'POST', route: string, body?: unknown) => {
  const response = await fetch(`${process.env.E2E_BASE_URL}/api/v1${route}`, {
    method,
    headers: { authorization: `Bearer ${apiKey()}`, 'content-type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  })
  if (!response.ok)
    throw new Error(`${route} answered ${response.status}: ${await response.text()}`)
  return ((await response.json()) as { data: Record<string, unknown> }).data
}

/** A cashier's earning at FASHIONHUB through the JSON API. */
export const earnThroughApi = (cardNumber: string, amountCents: number) =>
  api('POST', `/cards/${cardNumber}/earn`, {
    client_id: randomUUID(),
    store_code: 'FASHIONHUB',
    amount_cents: amountCents,
  })

/** A new member of the demo merchant (Fashion Group), enrolled through the API: its card number. */
export const enrollThroughApi = async (email: string, name: string) => {
  const data = await api('POST', '/enrollments', {
    client_id: randomUUID(),
    store_code: 'FASHIONHUB',
    email,
    name,
  })
  return (data.card as { number: string }).number
}

/** The server's balances of a card. */
export const cardThroughApi = async (number: string) =>
  (await api('GET', `/cards/${number}`)) as { points_balance: number; stamps_balance: number }
