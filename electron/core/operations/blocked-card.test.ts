import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestBackend, type TestBackend } from '../test/test-backend.ts'
import { createTestKiosk, type TestKiosk } from '../test/test-kiosk.ts'

// A card the merchant blocks (through the API's block command, as the Customers page does) is
// refused at a real kiosk against the real backend: online at once, by the server, though the
// kiosk has not synced yet; and after the kiosk's next sync, offline too, by the kiosk's own
// rules on its snapshot. Unblocked, it earns again.

let backend: TestBackend
let hub: TestKiosk
let apiKey: string
const REWARD_100 = '4c5d6e7f-8091-4a23-b4c5-d6e7f8091a01'

const api = async (url: string, body: unknown) => {
  const response = await fetch(`${backend.url}/api/v1${url}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  return { status: response.status, body: (await response.json()) as { data: { status: string } } }
}

beforeAll(async () => {
  backend = await createTestBackend()
  await backend.start()
  apiKey = await backend.apiKey('fashion-group')
  hub = await createTestKiosk(backend, 'FASHIONHUB')
  await backend.query(`UPDATE programmes SET cooldown_minutes = 0`)
  await hub.engine.syncNow()
}, 120_000)

afterAll(async () => {
  await hub?.close()
  await backend?.dispose()
})

describe('a blocked card at the kiosk', () => {
  it('is refused online, and after a sync offline; unblocked it earns again', async () => {
    const email = `blocked-${Date.now()}@example.lu`
    expect(
      await hub.operations.enroll({ staffId: null, email, name: 'Blocked Card' }),
    ).toMatchObject({ status: 'applied' })
    const [row] = await backend.query<{ number: string }>(
      `SELECT c.number FROM cards c JOIN customers cu ON cu.id = c.customer_id WHERE cu.email = $1`,
      [email],
    )
    const number = row!.number
    await hub.engine.syncNow()
    expect(
      await hub.operations.earn({ staffId: null, cardNumber: number, amountCents: 20_000 }),
    ).toMatchObject({ status: 'applied' })

    const blocked = await api(`/cards/${number}/block`, { reason: 'Reported stolen' })
    expect(blocked).toMatchObject({ status: 200, body: { data: { status: 'blocked' } } })

    // Online, before the kiosk has heard of it: the server refuses.
    const online = await hub.operations.earn({
      staffId: null,
      cardNumber: number,
      amountCents: 1_000,
    })
    expect(online).toMatchObject({ status: 'refused', code: 'CARD_BLOCKED' })

    // After a sync, offline: the kiosk refuses by itself, earning and redeeming.
    await hub.engine.syncNow()
    hub.network.mode = 'down'
    const offline = await hub.operations.earn({
      staffId: null,
      cardNumber: number,
      amountCents: 1_000,
    })
    expect(offline).toMatchObject({ status: 'refused', code: 'CARD_BLOCKED' })
    expect(
      await hub.operations.redeem({ staffId: null, cardNumber: number, rewardId: REWARD_100 }),
    ).toMatchObject({ status: 'refused', code: 'CARD_BLOCKED' })
    const [after] = await backend.query<{ points_balance: number }>(
      'SELECT points_balance FROM cards WHERE number = $1',
      [number],
    )

    hub.network.mode = 'up'
    expect((await api(`/cards/${number}/unblock`, {})).body.data.status).toBe('active')
    await hub.engine.syncNow()
    expect(
      await hub.operations.earn({ staffId: null, cardNumber: number, amountCents: 1_000 }),
    ).toMatchObject({ status: 'applied' })
    const [final] = await backend.query<{ points_balance: number }>(
      'SELECT points_balance FROM cards WHERE number = $1',
      [number],
    )
    expect(final!.points_balance).toBeGreaterThan(after!.points_balance)
  })
})
