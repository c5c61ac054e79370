import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { useTestDatabase } from '../test/test-database.ts'
import { apiKeyOf, buildCard, buildMerchant, type BuiltMerchant } from '../test/factories.ts'
import { startTestApp, type TestApp } from '../test/test-app.ts'
import { findBalanceMismatches } from '../loyalty/check-balances.ts'
import { adjustBalance } from '../loyalty/commands/adjust-balance.ts'
import { createKioskPairing } from './commands/create-kiosk.ts'
import { applyReviewItem } from './commands/decide-review-item.ts'
import { ReviewPage } from '../../shared/schemas/review-api.ts'
import { SyncResult } from '../../shared/schemas/kiosk-api.ts'

// The review queue resolved, through the API and the kiosks' sync: two kiosks spend the same
// points offline, the second lands in review; the merchant applies it (balance 0, the rest
// written off) or dismisses one (with a reason); every item stays, decided once; the kiosk that
// sent it learns the decision at its next sync; the ledger still sums to every balance.

const db = useTestDatabase()
let app: TestApp
let merchant: BuiltMerchant
let key: string

beforeAll(async () => {
  app = await startTestApp(db.knex)
  merchant = await buildMerchant(db.knex, { programme: { welcome_bonus: 0 } })
  key = await apiKeyOf(db.knex, merchant)
})
afterAll(() => app.close())

const pairNewKiosk = async (storeCode: string) => {
  const pairing = await createKioskPairing(db.knex, {
    merchantId: merchant.merchantId,
    storeCode,
    name: `Till ${storeCode}`,
    baseUrl: 'http://localhost',
    actor: merchant.actor,
  })
  const paired = await app.request('POST', '/api/v1/kiosk/pair', {
    body: { code: pairing.code, app_version: '1.0.0' },
  })
  expect(paired.status).toBe(201)
  return {
    id: paired.body.data.kiosk_id as string,
    credential: paired.body.data.credential as string,
  }
}

const sync = async (credential: string, operations: unknown[]) => {
  const response = await app.request('POST', '/api/v1/kiosk/sync', {
    token: credential,
    body: {
      cursor: null,
      device_time: new Date().toISOString(),
      app_version: '1.0.0',
      queue_length: operations.length,
      operations,
    },
  })
  expect(response.status).toBe(200)
  return SyncResult.parse(response.body.data)
}

const redeemOffline = (cardNumber: string, rewardId = merchant.rewardIds[0]) => ({
  client_id: randomUUID(),
  type: 'redeem',
  occurred_at: new Date(Date.now() - 60_000).toISOString(),
  decided_offline: true,
  payload: { card_number: cardNumber, reward_id: rewardId },
})

const api = (method: 'GET' | 'POST', url: string, body?: unknown) =>
  app.request(method, `/api/v1${url}`, { token: key, ...(body ? { body } : {}) })

const cardWith = async (points: number) => {
  const card = await buildCard(db.knex, merchant)
  await adjustBalance(db.knex, {
    merchantId: merchant.merchantId,
    cardNumber: card.number,
    clientId: randomUUID(),
    pointsDelta: points,
    stampsDelta: 0,
    reason: 'setup',
    actor: merchant.actor,
  })
  return card
}

const balanceOf = async (number: string) =>
  (await db.knex('cards').where('number', number).first()).points_balance as number

/** Two kiosks each redeem 100 of the card's 150 points offline; the second lands in review. */
const doubleSpend = async () => {
  const card = await cardWith(150)
  const first = await pairNewKiosk(merchant.storeCodes[0])
  const second = await pairNewKiosk(merchant.storeCodes[1])
  const atFirst = redeemOffline(card.number)
  const atSecond = redeemOffline(card.number)
  expect((await sync(first.credential, [atFirst])).results[0]!.outcome).toBe('applied')
  const answer = await sync(second.credential, [atSecond])
  expect(answer.results[0]).toMatchObject({
    outcome: 'review',
    error: { code: 'INSUFFICIENT_POINTS', details: { balance: 50, cost: 100 } },
  })
  const listed = ReviewPage.parse((await api('GET', '/review?per_page=100')).body)
  const item = listed.data.find((i) => i.client_id === atSecond.client_id)!
  expect(item).toMatchObject({
    kiosk_id: second.id,
    type: 'redeem',
    card_number: card.number,
    points_balance: 50,
    decision: null,
    version: 1,
    error: { code: 'INSUFFICIENT_POINTS' },
    reward_cost: 100,
  })
  return { card, first, second, item }
}

describe('the review queue', () => {
  it('applies an offline redemption that would overdraw: balance 0, the rest written off, the kiosk learns it', async () => {
    const { card, second, item } = await doubleSpend()
    const before = await db.knex('kiosk_operations').count<{ n: string }[]>({ n: '*' })

    const applied = await api('POST', `/review/${item.id}/apply`, { version: 1 })
    expect(applied.status).toBe(200)
    expect(applied.body.data).toMatchObject({
      id: item.id,
      decision: 'applied',
      decided_by_type: 'api_key',
      write_off: { points: 50, stamps: 0 },
      points_balance: 0,
      version: 2,
    })
    expect(applied.body.data.resolved_at).toEqual(expect.any(String))
    expect(await balanceOf(card.number)).toBe(0)

    // The write-off is recorded and queryable; the entry took what the balance had.
    const writeOff = await db.knex('write_offs').where('review_id', item.id).first()
    expect(writeOff).toMatchObject({ merchant_id: merchant.merchantId, points: 50, stamps: 0 })
    const entry = await db.knex('ledger_entries').where('id', writeOff.ledger_entry_id).first()
    expect(entry).toMatchObject({
      type: 'redeem',
      points_delta: -50,
      points_balance_after: 0,
      client_id: item.client_id,
      metadata: { write_off: { points: 50 } },
    })

    // Nothing deleted: the item is kept, decided, and no longer waiting.
    expect(await db.knex('kiosk_operations').count<{ n: string }[]>({ n: '*' })).toEqual(before)
    const kept = await db.knex('kiosk_operations').where('review_id', item.id).first()
    expect(kept).toMatchObject({ outcome: 'review', decision: 'applied' })
    const waiting = ReviewPage.parse((await api('GET', '/review?per_page=100')).body)
    expect(waiting.data.map((i) => i.id)).not.toContain(item.id)
    const decided = ReviewPage.parse((await api('GET', '/review?status=decided')).body)
    expect(decided.data.find((i) => i.id === item.id)?.write_off).toEqual({ points: 50, stamps: 0 })

    // The kiosk that sent it learns the decision at its next sync.
    const next = await sync(second.credential, [])
    expect(next.review_outcomes).toContainEqual({
      client_id: item.client_id,
      type: 'redeem',
      card_number: card.number,
      decision: 'applied',
      reason: null,
      decided_at: applied.body.data.resolved_at,
      write_off: { points: 50, stamps: 0 },
    })
    expect(await findBalanceMismatches(db.knex, merchant.merchantId)).toEqual([])
    const audit = await db.knex('audit_log').where({ subject_id: item.id }).first()
    expect(audit).toMatchObject({ action: 'review.apply', actor_type: 'api_key' })
  })

  it('dismisses an item with a required reason: nothing reaches the ledger, the kiosk learns it', async () => {
    const { card, second, item } = await doubleSpend()
    const entries = await db.knex('ledger_entries').where('merchant_id', merchant.merchantId)

    const noReason = await api('POST', `/review/${item.id}/dismiss`, { version: 1 })
    expect(noReason.status).toBe(422)
    expect(noReason.body.error.code).toBe('VALIDATION_FAILED')
    expect(noReason.body.error.details.fields).toContainEqual(
      expect.objectContaining({ path: 'body.reason' }),
    )

    const dismissed = await api('POST', `/review/${item.id}/dismiss`, {
      version: 1,
      reason: 'Paid at the till instead',
    })
    expect(dismissed.status).toBe(200)
    expect(dismissed.body.data).toMatchObject({
      decision: 'dismissed',
      decision_reason: 'Paid at the till instead',
      write_off: null,
      points_balance: 50,
    })
    expect(await balanceOf(card.number)).toBe(50)
    expect(await db.knex('ledger_entries').where('merchant_id', merchant.merchantId)).toHaveLength(
      entries.length,
    )
    expect(await db.knex('kiosk_operations').where('review_id', item.id).first()).toMatchObject({
      decision: 'dismissed',
    })
    const next = await sync(second.credential, [])
    expect(next.review_outcomes).toContainEqual(
      expect.objectContaining({
        client_id: item.client_id,
        decision: 'dismissed',
        reason: 'Paid at the till instead',
        write_off: null,
      }),
    )
    expect(await findBalanceMismatches(db.knex, merchant.merchantId)).toEqual([])
  })

  it('decides an item once: a second decision is refused clearly, a stale version too', async () => {
    const { item } = await doubleSpend()
    const stale = await api('POST', `/review/${item.id}/dismiss`, {
      version: 7,
      reason: 'Not applicable',
    })
    expect(stale.status).toBe(409)
    expect(stale.body.error).toMatchObject({
      code: 'EDIT_CONFLICT',
      details: { subject: 'review_item', version: 7, current_version: 1 },
    })
    // Two people decide at once: one wins, the other is told it was decided already.
    const [a, b] = await Promise.all([
      api('POST', `/review/${item.id}/apply`, { version: 1 }),
      api('POST', `/review/${item.id}/dismiss`, { version: 1, reason: 'Duplicate' }),
    ])
    const statuses = [a.status, b.status].sort()
    expect(statuses).toEqual([200, 409])
    const loser = a.status === 409 ? a : b
    expect(loser.body.error.code).toBe('REVIEW_ALREADY_DECIDED')
    expect(loser.body.error.details).toMatchObject({
      decision: expect.stringMatching(/^(applied|dismissed)$/),
    })
    expect(await db.knex('write_offs').where('review_id', item.id)).toHaveLength(
      a.status === 200 ? 1 : 0,
    )
    expect(await findBalanceMismatches(db.knex, merchant.merchantId)).toEqual([])
  })

  it('leaves an item waiting when the ledger still refuses it (a card blocked since)', async () => {
    const { card, item } = await doubleSpend()
    await db.knex('cards').where('number', card.number).update({ status: 'blocked' })
    const refused = await api('POST', `/review/${item.id}/apply`, { version: 1 })
    expect(refused.status).toBe(409)
    expect(refused.body.error.code).toBe('CARD_BLOCKED')
    expect(await db.knex('kiosk_operations').where('review_id', item.id).first()).toMatchObject({
      decision: null,
      resolved_at: null,
      version: 1,
    })
    await db.knex('cards').where('number', card.number).update({ status: 'active' })
  })

  it("lets a manager of some stores decide only the items of their stores' kiosks", async () => {
    const { item } = await doubleSpend()
    const first = merchant.storeIds[0]
    const second = merchant.storeIds[1]
    const props = {
      merchantId: merchant.merchantId,
      actor: { type: 'merchant_user' as const, id: randomUUID(), merchantId: merchant.merchantId },
      reviewId: item.id,
      version: 1,
    }
    const manager = (storeIds: string[]) => ({
      kind: 'merchant_user' as const,
      id: props.actor.id,
      merchantId: merchant.merchantId,
      role: 'manager' as const,
      storeIds,
    })
    // The item came from a kiosk of the second store.
    await expect(
      applyReviewItem(db.knex, { ...props, principal: manager([first]) }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' })
    const applied = await applyReviewItem(db.knex, { ...props, principal: manager([second]) })
    expect(applied.decision).toBe('applied')
  })
})
