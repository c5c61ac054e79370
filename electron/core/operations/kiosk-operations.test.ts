import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CardSnapshot } from '../../../shared/schemas/kiosk-snapshots.ts'
import { createTestBackend, type TestBackend } from '../test/test-backend.ts'
import { createTestKiosk, type TestKiosk } from '../test/test-kiosk.ts'
import { localReviewOutcomes } from '../sync/local-copy.ts'

// Cashier operations on two real kiosks (encrypted stores, sync engines) against the real
// backend process: online answers, offline decisions, and what the server makes of them.

let backend: TestBackend
let hub: TestKiosk
let outlet: TestKiosk
const REWARD_100 = '4c5d6e7f-8091-4a23-b4c5-d6e7f8091a01'

const cardOf2 = async (number: string) =>
  (
    await backend.query<{ number: string; points_balance: number }>(
      'SELECT number, points_balance FROM cards WHERE number = $1',
      [number],
    )
  )[0]!

const cardOf = async (email: string) =>
  (
    await backend.query<{ number: string; points_balance: number }>(
      `SELECT c.number, c.points_balance FROM cards c JOIN customers cu ON cu.id = c.customer_id
        WHERE cu.email = $1`,
      [email],
    )
  )[0]!

/** A new member enrolled online at FASHIONHUB with `points` more earned there. */
const freshCard = async (points: number) => {
  const email = `ops-${Math.random().toString(36).slice(2)}@example.lu`
  hub.network.mode = 'up'
  await hub.engine.syncNow()
  expect(await hub.operations.enroll({ staffId: null, email, name: 'Ops Test' })).toMatchObject({
    status: 'applied',
  })
  const { number } = await cardOf(email)
  await backend.query(`UPDATE programmes SET cooldown_minutes = 0`)
  await hub.engine.syncNow()
  expect(
    await hub.operations.earn({ staffId: null, cardNumber: number, amountCents: points * 100 }),
  ).toMatchObject({ status: 'applied' })
  return number
}

let apiKey: string | undefined

/** The merchant's JSON API with the demo merchant's key. */
const merchantApi = async (method: 'GET' | 'POST', url: string, body?: unknown) => {
  const response = await fetch(`${backend.url}/api/v1${url}`, {
    method,
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  })
  return { status: response.status, body: (await response.json()) as unknown }
}

beforeAll(async () => {
  backend = await createTestBackend()
  await backend.start()
  hub = await createTestKiosk(backend, 'FASHIONHUB')
  outlet = await createTestKiosk(backend, 'FASHIONOUTLET')
  await hub.engine.syncNow()
  await outlet.engine.syncNow()
}, 120_000)

afterAll(async () => {
  await hub?.close()
  await outlet?.close()
  await backend?.dispose()
})

describe('kiosk operations', () => {
  it("earns online with the server's answer, then shows the cooldown the server applies", async () => {
    await backend.query(`UPDATE programmes SET cooldown_minutes = 5`)
    const email = `cool-${Date.now()}@example.lu`
    const enrolled = await hub.operations.enroll({ staffId: null, email, name: 'Cool Down' })
    expect(enrolled).toMatchObject({
      status: 'applied',
      answer: { type: 'enroll', result: { already_member: false } },
    })
    const number = (await cardOf(email)).number
    await hub.engine.syncNow()
    const earned = await hub.operations.earn({
      staffId: null,
      cardNumber: number,
      amountCents: 4_250,
    })
    expect(earned.status).toBe('applied')
    expect(JSON.stringify(earned)).toContain('42')
    const again = await hub.operations.earn({
      staffId: null,
      cardNumber: number,
      amountCents: 1_000,
    })
    expect(again).toMatchObject({ status: 'refused', code: 'POINTS_COOLDOWN' })
    expect(again.status === 'refused' && again.details.cooldown_minutes).toBe(5)
  })

  it('lets two offline kiosks redeem the same points; the server applies one, keeps the other for review', async () => {
    // 50 welcome points + 100 earned: enough for one 100-point reward, not two.
    const number = await freshCard(100)
    const before = (await cardOf2(number)).points_balance
    expect(before).toBe(150)
    await outlet.engine.syncNow()
    hub.network.mode = 'down'
    outlet.network.mode = 'down'
    await hub.engine.syncNow()
    await outlet.engine.syncNow()
    const atHub = await hub.operations.redeem({
      staffId: null,
      cardNumber: number,
      rewardId: REWARD_100,
    })
    const atOutlet = await outlet.operations.redeem({
      staffId: null,
      cardNumber: number,
      rewardId: REWARD_100,
    })
    expect(atHub.status).toBe('queued')
    expect(atOutlet.status).toBe('queued')
    // The kiosk counts its own pending redemption: a second one at the same kiosk is refused.
    expect(
      await hub.operations.redeem({ staffId: null, cardNumber: number, rewardId: REWARD_100 }),
    ).toMatchObject({ status: 'refused', code: 'INSUFFICIENT_POINTS' })

    hub.network.mode = 'up'
    outlet.network.mode = 'up'
    await hub.engine.syncNow()
    await outlet.engine.syncNow()
    await hub.engine.syncNow()
    const outcomes = await backend.query<{ outcome: string; code: string | null }>(
      `SELECT outcome, error->>'code' AS code FROM kiosk_operations WHERE client_id = ANY($1) ORDER BY outcome`,
      [[atHub.clientId, atOutlet.clientId]],
    )
    expect(outcomes).toEqual([
      { outcome: 'applied', code: null },
      { outcome: 'review', code: 'INSUFFICIENT_POINTS' },
    ])
    const server = await cardOf2(number)
    expect(server.points_balance).toBe(before - 100)
    for (const kiosk of [hub, outlet]) {
      expect(kiosk.store.getSnapshot<CardSnapshot>('cards', number)?.points_balance).toBe(
        server.points_balance,
      )
      expect(kiosk.engine.state().queueLength).toBe(0)
    }
  })

  it('settles the second of two offline redemptions in review: applied (balance 0, written off) or dismissed, and the kiosk shows it after its next sync', async () => {
    apiKey ??= await backend.apiKey('fashion-group')
    const doubleSpend = async () => {
      const number = await freshCard(100)
      await outlet.engine.syncNow()
      hub.network.mode = 'down'
      outlet.network.mode = 'down'
      await hub.operations.redeem({ staffId: null, cardNumber: number, rewardId: REWARD_100 })
      const second = await outlet.operations.redeem({
        staffId: null,
        cardNumber: number,
        rewardId: REWARD_100,
      })
      hub.network.mode = 'up'
      outlet.network.mode = 'up'
      await hub.engine.syncNow()
      await outlet.engine.syncNow()
      const [item] = await backend.query<{ review_id: string; outcome: string }>(
        'SELECT review_id, outcome FROM kiosk_operations WHERE client_id = $1',
        [second.clientId],
      )
      expect(item!.outcome).toBe('review')
      return { number, clientId: second.clientId, reviewId: item!.review_id }
    }
    const operationsBefore = async () =>
      Number(
        (await backend.query<{ n: string }>('SELECT count(*) AS n FROM kiosk_operations'))[0]!.n,
      )

    // Applied: the customer's balance is 0, the 50 missing points are the merchant's write-off.
    const applied = await doubleSpend()
    const before = await operationsBefore()
    expect(localReviewOutcomes(outlet.store).map((o) => o.clientId)).not.toContain(applied.clientId)
    const apply = await merchantApi('POST', `/review/${applied.reviewId}/apply`, { version: 1 })
    expect(apply.status).toBe(200)
    expect((await cardOf2(applied.number)).points_balance).toBe(0)
    expect(
      await backend.query('SELECT points, stamps FROM write_offs WHERE review_id = $1', [
        applied.reviewId,
      ]),
    ).toEqual([{ points: 50, stamps: 0 }])
    await outlet.engine.syncNow()
    expect(localReviewOutcomes(outlet.store)).toContainEqual(
      expect.objectContaining({
        clientId: applied.clientId,
        cardNumber: applied.number,
        decision: 'applied',
        writeOff: { points: 50, stamps: 0 },
      }),
    )
    expect(outlet.store.getSnapshot<CardSnapshot>('cards', applied.number)?.points_balance).toBe(0)

    // Dismissed: nothing reaches the ledger, the reason reaches the kiosk.
    const dismissed = await doubleSpend()
    const dismiss = await merchantApi('POST', `/review/${dismissed.reviewId}/dismiss`, {
      version: 1,
      reason: 'Reward paid in cash',
    })
    expect(dismiss.status).toBe(200)
    expect((await cardOf2(dismissed.number)).points_balance).toBe(50)
    await outlet.engine.syncNow()
    expect(localReviewOutcomes(outlet.store)).toContainEqual(
      expect.objectContaining({
        clientId: dismissed.clientId,
        decision: 'dismissed',
        reason: 'Reward paid in cash',
        writeOff: null,
      }),
    )

    // Nothing deleted, both decided; the ledger check holds for every card.
    expect(await operationsBefore()).toBeGreaterThanOrEqual(before)
    expect(
      await backend.query<{ decision: string }>(
        'SELECT decision FROM kiosk_operations WHERE review_id = ANY($1) ORDER BY decision',
        [[applied.reviewId, dismissed.reviewId]],
      ),
    ).toEqual([{ decision: 'applied' }, { decision: 'dismissed' }])
    expect(await backend.ledgerCheck()).toMatch(/card balances equal their ledger sums/)
  })

  it("enrolls offline someone already a member: later operations land on the member's card", async () => {
    const number = await freshCard(10)
    const email = (
      await backend.query<{ email: string }>(
        `SELECT cu.email FROM customers cu JOIN cards c ON c.customer_id = cu.id WHERE c.number = $1`,
        [number],
      )
    )[0]!.email
    const before = (await cardOf2(number)).points_balance
    await outlet.engine.syncNow()
    outlet.network.mode = 'down'
    await outlet.engine.syncNow()
    const enrolled = await outlet.operations.enroll({ staffId: null, email, name: 'Again' })
    expect(enrolled.status).toBe('queued')
    const provisional = (enrolled as { local: { cardNumber: string } }).local.cardNumber
    expect(provisional).not.toBe(number)
    expect(outlet.operations.card(provisional)?.card).toMatchObject({ provisional: true })
    const earned = await outlet.operations.earn({
      staffId: null,
      cardNumber: provisional,
      amountCents: 2_000,
    })
    expect(earned.status).toBe('queued')

    outlet.network.mode = 'up'
    await outlet.engine.syncNow()
    expect((await cardOf2(number)).points_balance).toBe(before + 20)
    expect(outlet.operations.card(provisional)).toBeNull()
    expect(outlet.operations.card(number)?.card.points_balance).toBe(before + 20)
  })

  it("keeps the kiosk's decision when the answer is lost, and the resend is a duplicate", async () => {
    const number = await freshCard(5)
    const before = (await cardOf2(number)).points_balance
    hub.network.mode = 'lose-response'
    const earned = await hub.operations.earn({
      staffId: null,
      cardNumber: number,
      amountCents: 700,
    })
    expect(earned.status).toBe('queued')
    hub.network.mode = 'up'
    await hub.engine.syncNow()
    const op = hub.store.operation(earned.clientId!)
    expect(op).toMatchObject({ status: 'sent', result: { outcome: 'duplicate' } })
    expect((await cardOf2(number)).points_balance).toBe(before + 7)
    const entries = await backend.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM ledger_entries WHERE client_id = $1',
      [earned.clientId],
    )
    expect(entries[0]!.n).toBe(1)
  })
})
