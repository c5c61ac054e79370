import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import path from 'node:path'

/** A cashier's earning through the JSON API, with the demo API key `npm start` wrote. */
export const earnThroughApi = async (cardNumber: string, amountCents: number) => {
  const key = readFileSync(path.join(process.env.E2E_DATA_DIR!, 'demo-api-key.txt'), 'utf8').trim()
  const response = await fetch(`${process.env.E2E_BASE_URL}/api/v1/cards/${cardNumber}/earn`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      client_id: randomUUID(),
      store_code: 'FASHIONHUB',
      amount_cents: amountCents,
    }),
  })
  if (response.status !== 201)
    throw new Error(`earn answered ${response.status}: ${await response.text()}`)
  return (await response.json()) as { data: Record<string, unknown> }
}

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
