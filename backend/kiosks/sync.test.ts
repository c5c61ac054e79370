import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { useTestDatabase } from '../test/test-database.ts'
import { buildCard, buildMerchant, type BuiltMerchant } from '../test/factories.ts'
import { startTestApp, type TestApp } from '../test/test-app.ts'
import { findBalanceMismatches } from '../loyalty/check-balances.ts'
import { adjustBalance } from '../loyalty/commands/adjust-balance.ts'
import { earnPoints } from '../loyalty/commands/earn-points.ts'
import { createKioskPairing } from './commands/create-kiosk.ts'
import { revokeKiosk } from './commands/revoke-kiosk.ts'
import { createStaff } from './commands/create-staff.ts'
import { SyncResult, type KioskOperation } from '../../shared/schemas/kiosk-api.ts'
import { pullChanges } from './sync-kiosk.ts'

type Card = Awaited<ReturnType<typeof buildCard>>

const db = useTestDatabase()
let app: TestApp
let merchant: BuiltMerchant

beforeAll(async () => {
  app = await startTestApp(db.knex)
  merchant = await buildMerchant(db.knex, { programme: { welcome_bonus: 0 } })
})
afterAll(() => app.close())

const pairNewKiosk = async (storeCode = merchant.storeCodes[0], of = merchant) => {
  const pairing = await createKioskPairing(db.knex, {
    merchantId: of.merchantId,
    storeCode,
    name: 'Till',
    baseUrl: 'http://localhost',
    actor: of.actor,
  })
  const paired = await app.request('POST', '/api/v1/kiosk/pair', {
    body: { code: pairing.code.toLowerCase().replace(/^(.{4})/, '$1-'), app_version: '1.0.0' },
  })
  expect(paired.status).toBe(201)
  return {
    id: paired.body.data.kiosk_id as string,
    credential: paired.body.data.credential as string,
    code: pairing.code,
  }
}

const sync = (credential: string, operations: unknown[], extra: Record<string, unknown> = {}) =>
  app.request('POST', '/api/v1/kiosk/sync', {
    token: credential,
    body: {
      cursor: null,
      device_time: new Date().toISOString(),
      app_version: '1.0.0',
      queue_length: operations.length,
      operations,
      ...extra,
    },
  })

const op = (
  type: KioskOperation['type'],
  payload: Record<string, unknown>,
  extra: Record<string, unknown> = {},
) => ({
  client_id: randomUUID(),
  type,
  occurred_at: new Date().toISOString(),
  decided_offline: true,
  payload,
  ...extra,
})

const balanceOf = async (number: string) =>
  (await db.knex('cards').where('number', number).first()).points_balance as number

describe('kiosk pairing', () => {
  it('exchanges a one-time code for a device credential, once', async () => {
    const kiosk = await pairNewKiosk()
    expect(kiosk.credential).toMatch(/^rfd_/)
    const row = await db.knex('kiosks').where('id', kiosk.id).first()
    expect(row.status).toBe('active')
    expect(row.credential_hash).not.toContain(kiosk.credential)
    const again = await app.request('POST', '/api/v1/kiosk/pair', {
      body: { code: kiosk.code, app_version: '1.0.0' },
    })
    expect(again.status).toBe(404)
    expect(again.body.error.code).toBe('PAIRING_CODE_INVALID')
  })

  it('refuses an expired code', async () => {
    const pairing = await createKioskPairing(db.knex, {
      merchantId: merchant.merchantId,
      storeCode: merchant.storeCodes[0],
      name: 'Late till',
      baseUrl: 'http://localhost',
      actor: merchant.actor,
    })
    expect(pairing.code).toMatch(/^[ACDEFGHJKMNPQRTUVWXY34679]{8}$/)
    expect(pairing.qrPayload).toContain(pairing.code)
    await db
      .knex('kiosks')
      .where('id', pairing.kioskId)
      .update({ pairing_expires_at: db.knex.raw("now() - interval '1 second'") })
    const response = await app.request('POST', '/api/v1/kiosk/pair', {
      body: { code: pairing.code, app_version: '1.0.0' },
    })
    expect(response.status).toBe(410)
    expect(response.body.error.code).toBe('PAIRING_CODE_EXPIRED')
  })

  it('locks a revoked kiosk out at its next contact', async () => {
    const kiosk = await pairNewKiosk()
    expect((await sync(kiosk.credential, [])).status).toBe(200)
    await revokeKiosk(db.knex, {
      merchantId: merchant.merchantId,
      kioskId: kiosk.id,
      actor: merchant.actor,
    })
    const refused = await sync(kiosk.credential, [])
    expect(refused.status).toBe(401)
    expect(refused.body.error.code).toBe('DEVICE_REVOKED')
  })
})

describe('kiosk sync', () => {
  it('pulls the snapshot, staff PIN hashes and a block of card numbers on the first sync', async () => {
    const card = await buildCard(db.knex, merchant)
    await createStaff(db.knex, {
      merchantId: merchant.merchantId,
      name: 'Ana',
      storeCodes: [merchant.storeCodes[0]],
      pin: '482913',
      actor: merchant.actor,
    })
    await createStaff(db.knex, {
      merchantId: merchant.merchantId,
      name: 'Other store',
      storeCodes: [merchant.storeCodes[1]],
      pin: '730518',
      actor: merchant.actor,
    })
    const kiosk = await pairNewKiosk()
    const first = await sync(kiosk.credential, [])
    expect(first.status).toBe(200)
    // The kiosk refuses an answer that does not match the shared contract.
    expect(SyncResult.safeParse(first.body.data).error).toBeUndefined()
    const changes = first.body.data.changes
    expect(changes.cards.map((c: { number: string }) => c.number)).toContain(card.number)
    expect(changes.staff.map((s: { name: string }) => s.name)).toEqual(['Ana'])
    expect(changes.staff[0].pin_hash).toMatch(/^\$2[aby]\$10\$/)
    expect(changes.card_numbers).toHaveLength(25)
    expect(changes.rewards).toHaveLength(3)
    expect(changes.kiosk.status).toBe('active')
    // Nothing changed since: the next pull sends no other card, and this one unchanged if at all
    // (the cursor is the server's oldest open transaction: one open elsewhere on the server when
    // the first pull ran makes it send the card again — the kiosk upserts); an earning elsewhere
    // sends that card.
    const cursor = first.body.data.cursor as string
    const again = (await sync(kiosk.credential, [], { cursor })).body.data.changes.cards as {
      number: string
      points_balance: number
    }[]
    expect(again.filter((c) => c.number !== card.number || c.points_balance !== 0)).toEqual([])
    await earnPoints(db.knex, {
      merchantId: merchant.merchantId,
      cardNumber: card.number,
      storeCode: merchant.storeCodes[1],
      clientId: randomUUID(),
      amountCents: 1_000,
      actor: merchant.actor,
    })
    const next = await sync(kiosk.credential, [], { cursor })
    expect(
      next.body.data.changes.cards.map((c: { number: string; points_balance: number }) => [
        c.number,
        c.points_balance,
      ]),
    ).toEqual([[card.number, 10]])
  })

  it('sends a new kiosk the members seen in 90 days and its store’s own, in pages; others when asked', async () => {
    const chain = await buildMerchant(db.knex, { programme: { welcome_bonus: 0 } })
    const cards = await Promise.all([0, 1, 2, 3].map(() => buildCard(db.knex, chain)))
    const [recent, away, home, later] = cards as [Card, Card, Card, Card]
    // `away` was last seen 200 days ago and enrolled elsewhere; `home` as long ago, here.
    await db
      .knex('cards')
      .whereIn('id', [away.cardId, home.cardId])
      .update({
        last_activity_at: db.knex.raw("now() - interval '200 days'"),
      })
    await db.knex('cards').where('id', away.cardId).update({ enrolled_store_id: chain.storeIds[1] })
    const kioskId = (await pairNewKiosk(chain.storeCodes[0], chain)).id
    const [merchantId, storeId] = [chain.merchantId, chain.storeIds[0]]
    const kiosk = {
      kioskId,
      merchantId,
      storeId,
      storeCode: chain.storeCodes[0],
      actor: { type: 'kiosk' as const, id: kioskId, merchantId, storeId },
    }
    const first = await pullChanges(db.knex, kiosk, null, [], 2)
    expect(first.more).toBe(true)
    // A purchase while the pages go out is sent after them, whichever page had the card.
    await earnPoints(db.knex, {
      merchantId: chain.merchantId,
      cardNumber: recent.number,
      storeCode: chain.storeCodes[1],
      clientId: randomUUID(),
      amountCents: 700,
      actor: chain.actor,
    })
    const second = await pullChanges(db.knex, kiosk, first.cursor, [], 2)
    expect(second.more).toBe(false)
    const numbers = (pull: { changes: { cards: { number: string }[] } }) =>
      pull.changes.cards.map((c) => c.number).sort()
    // (A pull after a cursor may resend a carried card when a transaction elsewhere on the
    // server was open at the previous pull — the kiosk upserts; never a card it does not carry.)
    const carried = [recent.number, home.number, later.number].sort()
    expect([...new Set([...numbers(first), ...numbers(second)])].sort()).toEqual(carried)
    const after = await pullChanges(db.knex, kiosk, second.cursor, [], 2)
    expect(after.changes.cards.map((c) => [c.number, c.points_balance])).toContainEqual([
      recent.number,
      7,
    ])
    expect(numbers(after).filter((number) => !carried.includes(number))).toEqual([])
    // The member seen elsewhere long ago, scanned here: asked for by number, sent at once.
    const asked = await pullChanges(db.knex, kiosk, after.cursor, [away.number, '123'], 2)
    expect(numbers(asked)).toContain(away.number)
    expect(numbers(asked).filter((number) => !carried.includes(number))).toEqual([away.number])
  })

  it('applies each operation once: a resend, a duplicated and a reordered batch change nothing', async () => {
    const card = await buildCard(db.knex, merchant)
    const kiosk = await pairNewKiosk()
    const a = op('earn', { card_number: card.number, amount_cents: 1_500 })
    const b = op('earn', { card_number: card.number, amount_cents: 2_500 })
    const c = op('earn', { card_number: card.number, amount_cents: 700 })
    const first = await sync(kiosk.credential, [a, b])
    expect(first.body.data.results.map((r: { outcome: string }) => r.outcome)).toEqual([
      'applied',
      'applied',
    ])
    // The response was lost after the server committed: the kiosk sends the batch again.
    const resent = await sync(kiosk.credential, [a, b])
    expect(resent.body.data.results.map((r: { outcome: string }) => r.outcome)).toEqual([
      'duplicate',
      'duplicate',
    ])
    expect(resent.body.data.results[1].result).toEqual(first.body.data.results[1].result)
    const reordered = await sync(kiosk.credential, [c, b, a, c])
    expect(reordered.body.data.results.map((r: { outcome: string }) => r.outcome)).toEqual([
      'applied',
      'duplicate',
      'duplicate',
      'duplicate',
    ])
    expect(await balanceOf(card.number)).toBe(15 + 25 + 7)
    expect(await db.knex('ledger_entries').where('card_id', card.cardId)).toHaveLength(3)
  })

  it('keeps a batch interrupted half-way: the resend applies the rest once', async () => {
    const card = await buildCard(db.knex, merchant)
    const kiosk = await pairNewKiosk()
    const ops = Array.from({ length: 6 }, () =>
      op('earn', { card_number: card.number, amount_cents: 1_000 }),
    )
    // The server "died" after the first three were committed.
    await sync(kiosk.credential, ops.slice(0, 3))
    const whole = await sync(kiosk.credential, ops)
    expect(whole.body.data.results.map((r: { outcome: string }) => r.outcome)).toEqual([
      'duplicate',
      'duplicate',
      'duplicate',
      'applied',
      'applied',
      'applied',
    ])
    expect(await balanceOf(card.number)).toBe(60)
  })

  it('sends an offline redemption that would overdraw to review, never below zero, nothing lost', async () => {
    const card = await buildCard(db.knex, merchant)
    await adjustBalance(db.knex, {
      merchantId: merchant.merchantId,
      cardNumber: card.number,
      clientId: randomUUID(),
      pointsDelta: 150,
      stampsDelta: 0,
      reason: 'setup',
      actor: merchant.actor,
    })
    const one = await pairNewKiosk(merchant.storeCodes[0])
    const two = await pairNewKiosk(merchant.storeCodes[1])
    // Both kiosks were offline and each let the customer redeem 100 of the same 150 points.
    const redeemAt1 = op('redeem', { card_number: card.number, reward_id: merchant.rewardIds[0] })
    const redeemAt2 = op('redeem', { card_number: card.number, reward_id: merchant.rewardIds[0] })
    const [r1, r2] = await Promise.all([
      sync(one.credential, [redeemAt1]),
      sync(two.credential, [redeemAt2]),
    ])
    const outcomes = [r1.body.data.results[0], r2.body.data.results[0]]
    expect(outcomes.map((r) => r.outcome).sort()).toEqual(['applied', 'review'])
    const review = outcomes.find((r) => r.outcome === 'review')
    expect(review.error).toEqual({
      code: 'INSUFFICIENT_POINTS',
      details: { balance: 50, cost: 100 },
    })
    expect(await balanceOf(card.number)).toBe(50)
    const kept = await db.knex('kiosk_operations').where({ client_id: review.client_id }).first()
    expect(kept).toMatchObject({ outcome: 'review', type: 'redeem', resolved_at: null })
    expect(kept.payload.payload.reward_id).toBe(merchant.rewardIds[0])
    expect(await findBalanceMismatches(db.knex, merchant.merchantId)).toEqual([])
  })

  it('sends offline operations on a card blocked meanwhile to review, and rejects online ones', async () => {
    const card = await buildCard(db.knex, merchant)
    await db.knex('cards').where('id', card.cardId).update({ status: 'blocked' })
    const kiosk = await pairNewKiosk()
    const result = await sync(kiosk.credential, [
      op('earn', { card_number: card.number, amount_cents: 1_000 }),
      op('earn', { card_number: card.number, amount_cents: 1_000 }, { decided_offline: false }),
    ])
    expect(
      result.body.data.results.map((r: { outcome: string; error: { code: string } }) => [
        r.outcome,
        r.error.code,
      ]),
    ).toEqual([
      ['review', 'CARD_BLOCKED'],
      ['rejected', 'CARD_BLOCKED'],
    ])
  })

  it('enrolls offline with a reserved card number; a number not reserved goes to review', async () => {
    const kiosk = await pairNewKiosk()
    const [number] = (await sync(kiosk.credential, [])).body.data.changes.card_numbers as string[]
    const enroll = op('enroll', {
      card_number: number,
      email: 'offline@example.lu',
      name: 'Offline Customer',
    })
    const earn = op('earn', { card_number: number, amount_cents: 2_000 })
    const stranger = op('enroll', {
      card_number: '100000000009',
      email: 'stranger@example.lu',
      name: 'Stranger',
    })
    const result = await sync(kiosk.credential, [enroll, earn, stranger])
    expect(result.body.data.results.map((r: { outcome: string }) => r.outcome)).toEqual([
      'applied',
      'applied',
      'review',
    ])
    expect(await balanceOf(number!)).toBe(20)
    const next = await sync(kiosk.credential, [])
    expect(next.body.data.changes.card_numbers).not.toContain(number)
    expect(next.body.data.changes.card_numbers).toHaveLength(25)
  })

  it('puts the operations on a member’s card in the lane of that member’s re-enrollment (no two lanes lock it)', async () => {
    // Before, the enrollment (which answers with the member's card, and locks it) and the
    // earnings on the member's own number ran in two lanes at once: a deadlock now and then.
    const kiosk = await pairNewKiosk()
    for (let round = 0; round < 5; round++) {
      const email = `lane-${round}@example.lu`
      const member = await buildCard(db.knex, merchant, { email })
      const numbers = (await sync(kiosk.credential, [])).body.data.changes.card_numbers as string[]
      const ops = [
        op('earn', { card_number: member.number, amount_cents: 1_000 }),
        op('enroll', { card_number: numbers[0], email: email.toUpperCase(), name: 'M' }),
        op('earn', { card_number: member.number, amount_cents: 2_000 }),
        op('earn', { card_number: numbers[0], amount_cents: 4_000 }),
      ]
      const result = await sync(kiosk.credential, ops)
      expect(result.status).toBe(200)
      expect(result.body.data.results.map((r: { outcome: string }) => r.outcome)).toEqual([
        'applied',
        'applied',
        'applied',
        'applied',
      ])
    }
  })

  it('answers every operation type in the shape of the shared contract, and a resend the same', async () => {
    const member = await buildCard(db.knex, merchant, { email: 'contract@example.lu' })
    // Another card for the card lane: the enrollment's lane moves the member's card.
    const card = await buildCard(db.knex, merchant)
    const staff = await createStaff(db.knex, {
      merchantId: merchant.merchantId,
      name: 'Contract',
      storeCodes: [merchant.storeCodes[0]],
      pin: '604182',
      actor: merchant.actor,
    })
    const kiosk = await pairNewKiosk()
    const [number] = (await sync(kiosk.credential, [])).body.data.changes.card_numbers as string[]
    const earn = op('earn', { card_number: card.number, amount_cents: 1_000 })
    const ops = [
      op('enroll', { card_number: number, email: 'CONTRACT@example.lu', name: 'C' }),
      op('earn', { card_number: number, amount_cents: 3_000 }),
      op('stamp', { card_number: card.number, count: 1 }),
      earn,
      op('reverse', { target_client_id: earn.client_id, reason: 'wrong amount' }),
      op('pin_failed', { consecutive_failures: 1 }),
      op('pin_ok', {}, { staff_id: staff.id }),
      op('heartbeat', {}),
    ]
    const first = SyncResult.parse((await sync(kiosk.credential, ops)).body.data)
    expect(first.results.map((r) => [r.type, r.outcome])).toEqual([
      ['enroll', 'applied'],
      ['earn', 'applied'],
      ['stamp', 'review'],
      ['earn', 'applied'],
      ['reverse', 'applied'],
      ['pin_failed', 'applied'],
      ['pin_ok', 'applied'],
      ['heartbeat', 'applied'],
    ])
    const [enrolled, remapped, , , reversal] = first.results
    expect(enrolled?.type === 'enroll' && enrolled.result?.card_number).toBe(member.number)
    expect(remapped?.type === 'earn' && remapped.result?.remapped_from).toBe(number)
    expect(reversal?.type === 'reverse' && reversal.result?.entry.points_delta).toBe(-10)
    const resent = SyncResult.parse((await sync(kiosk.credential, ops)).body.data)
    expect(resent.results.map((r) => r.outcome)).toEqual(ops.map(() => 'duplicate'))
    expect(resent.results.map((r) => [r.type, r.result, r.error])).toEqual(
      first.results.map((r) => [r.type, r.result, r.error]),
    )
  })

  it("sends a kiosk's operations on a number it gave an existing member to that member's card", async () => {
    const member = await buildCard(db.knex, merchant, { email: 'member@example.lu' })
    const kiosk = await pairNewKiosk()
    const [number] = (await sync(kiosk.credential, [])).body.data.changes.card_numbers as string[]
    const before = await balanceOf(member.number)
    const enroll = op('enroll', { card_number: number, email: 'MEMBER@example.lu', name: 'M' })
    const earn = op('earn', { card_number: number, amount_cents: 3_000 })
    const result = await sync(kiosk.credential, [enroll, earn])
    expect(result.body.data.results.map((r: { outcome: string }) => r.outcome)).toEqual([
      'applied',
      'applied',
    ])
    expect(result.body.data.results[0].result).toMatchObject({
      card_number: member.number,
      already_member: true,
    })
    expect(result.body.data.results[1].result.remapped_from).toBe(number)
    expect(await balanceOf(member.number)).toBe(before + 30)
    expect(await db.knex('cards').where('number', number!).first()).toBeUndefined()
    const next = await sync(kiosk.credential, [])
    expect(next.body.data.changes.card_numbers).not.toContain(number)
  })

  it('answers a resend marked as decided offline with the first answer', async () => {
    const card = await buildCard(db.knex, merchant)
    const kiosk = await pairNewKiosk()
    const online = op(
      'redeem',
      { card_number: card.number, reward_id: merchant.rewardIds[0] },
      { decided_offline: false },
    )
    const first = await sync(kiosk.credential, [online])
    expect(first.body.data.results[0].outcome).toBe('rejected')
    const resent = await sync(kiosk.credential, [{ ...online, decided_offline: true }])
    expect(resent.body.data.results[0]).toMatchObject({
      outcome: 'duplicate',
      error: { code: 'INSUFFICIENT_POINTS' },
    })
  })

  it('applies many operations on one card in one batch as one at a time would: cap, cooldown, reversal', async () => {
    const capped = await buildMerchant(db.knex, {
      programme: { welcome_bonus: 0, daily_cap: 100, cooldown_minutes: 10 },
    })
    const card = await buildCard(db.knex, capped)
    const pairing = await createKioskPairing(db.knex, {
      merchantId: capped.merchantId,
      storeCode: capped.storeCodes[0],
      name: 'Till',
      baseUrl: 'http://localhost',
      actor: capped.actor,
    })
    const paired = await app.request('POST', '/api/v1/kiosk/pair', {
      body: { code: pairing.code, app_version: '1.0.0' },
    })
    const credential = paired.body.data.credential as string
    // One day, noon onwards in Luxembourg: earnings 15 minutes apart (past the cooldown).
    const day = new Date(Date.now() - 3 * 24 * 3_600_000)
    day.setUTCHours(11, 0, 0, 0)
    const at = (minutes: number) => new Date(day.getTime() + minutes * 60_000).toISOString()
    const earn = (minutes: number, cents: number) =>
      op('earn', { card_number: card.number, amount_cents: cents }, { occurred_at: at(minutes) })
    const first = earn(0, 3_000)
    const ops = [
      first,
      earn(5, 3_000), // inside the cooldown → review
      earn(15, 3_000),
      op(
        'reverse',
        { target_client_id: first.client_id, reason: 'wrong amount' },
        { occurred_at: at(20) },
      ),
      earn(30, 3_000),
      earn(45, 3_000), // the reversed earning no longer counts toward the day's cap: 90 so far
      earn(60, 3_000), // capped at 100: 10
    ]
    const result = await sync(credential, ops)
    const outcomes = result.body.data.results.map((r: { outcome: string }) => r.outcome)
    const entries = await db
      .knex('ledger_entries')
      .whereIn(
        'client_id',
        ops.map((o) => o.client_id),
      )
      .select('client_id', 'points_delta', 'type')
    const delta = (o: { client_id: string }) =>
      entries.find((e: { client_id: string }) => e.client_id === o.client_id)?.points_delta ?? null
    // The same batch, one operation per sync: what a sequence of single transactions decides.
    const twin = await buildCard(db.knex, capped)
    const single: unknown[] = []
    for (const o of ops) {
      const copy = {
        ...o,
        client_id: randomUUID(),
        payload:
          o.type === 'reverse'
            ? { ...o.payload, target_client_id: (single[0] as { client_id: string }).client_id }
            : { ...o.payload, card_number: twin.number },
      }
      single.push(copy)
      await sync(credential, [copy])
    }
    const twinEntries = await db
      .knex('ledger_entries')
      .whereIn(
        'client_id',
        single.map((o) => (o as { client_id: string }).client_id),
      )
      .select('client_id', 'points_delta')
    const twinDelta = (o: unknown) =>
      twinEntries.find(
        (e: { client_id: string }) => e.client_id === (o as { client_id: string }).client_id,
      )?.points_delta ?? null
    expect(ops.map(delta)).toEqual(single.map(twinDelta))
    expect(outcomes[1]).toBe('review')
    expect(ops.map(delta)).toEqual([30, null, 30, -30, 30, 30, 10])
    expect(await balanceOf(card.number)).toBe(await balanceOf(twin.number))
    expect(await findBalanceMismatches(db.knex)).toEqual([])
  })

  it('counts failed PINs from every kiosk and locks the PIN everywhere past the threshold', async () => {
    const staff = await createStaff(db.knex, {
      merchantId: merchant.merchantId,
      name: 'Ben',
      storeCodes: merchant.storeCodes,
      pin: '604182',
      actor: merchant.actor,
    })
    const one = await pairNewKiosk(merchant.storeCodes[0])
    const two = await pairNewKiosk(merchant.storeCodes[1])
    const failures = (n: number) =>
      Array.from({ length: n }, (_, i) =>
        op('pin_failed', { consecutive_failures: i + 1 }, { staff_id: staff.id }),
      )
    await sync(one.credential, failures(5))
    await sync(two.credential, failures(5))
    const pulled = await sync(one.credential, [])
    expect(
      pulled.body.data.changes.staff.find((s: { id: string }) => s.id === staff.id).locked,
    ).toBe(true)
    const audit = await db
      .knex('audit_log')
      .where({ action: 'staff.pin_failed', subject_id: staff.id })
    expect(audit).toHaveLength(10)
  })

  describe('a correct PIN', () => {
    const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString()
    const failed = (staffId: string, minutes: number, consecutive = 1) =>
      op(
        'pin_failed',
        { consecutive_failures: consecutive },
        { staff_id: staffId, occurred_at: minutesAgo(minutes), decided_offline: false },
      )
    const ok = (staffId: string, minutes: number) =>
      op(
        'pin_ok',
        {},
        { staff_id: staffId, occurred_at: minutesAgo(minutes), decided_offline: false },
      )
    const newStaff = (name: string) =>
      createStaff(db.knex, {
        merchantId: merchant.merchantId,
        name,
        storeCodes: merchant.storeCodes,
        pin: '604182',
        actor: merchant.actor,
      })
    const staffRow = async (id: string) =>
      db.knex('staff').where('id', id).first('failed_pin_attempts', 'pin_locked_at')
    const lockedInPull = async (credential: string, id: string) =>
      (await sync(credential, [])).body.data.changes.staff.find((s: { id: string }) => s.id === id)
        .locked as boolean

    it('resets the count of failed PINs, so mistypes over time never add up to a lock', async () => {
      const staff = await newStaff('Carla')
      const kiosk = await pairNewKiosk()
      await sync(
        kiosk.credential,
        [1, 2, 3, 4].map((n) => failed(staff.id, 60 - n, n)),
      )
      expect((await staffRow(staff.id)).failed_pin_attempts).toBe(4)
      const answered = SyncResult.parse(
        (await sync(kiosk.credential, [ok(staff.id, 50)])).body.data,
      )
      expect(answered.results).toEqual([
        expect.objectContaining({
          type: 'pin_ok',
          outcome: 'applied',
          result: { reset: true, locked: false },
        }),
      ])
      expect((await staffRow(staff.id)).failed_pin_attempts).toBe(0)
      // Nine more mistypes: with the four before the correct PIN they would have locked it.
      await sync(
        kiosk.credential,
        Array.from({ length: 9 }, (_, i) => failed(staff.id, 40 - i, i + 1)),
      )
      expect(await staffRow(staff.id)).toEqual({ failed_pin_attempts: 9, pin_locked_at: null })
      expect(await lockedInPull(kiosk.credential, staff.id)).toBe(false)
    })

    it('goes by when things happened: later failures from another kiosk still count, earlier ones reported late do not', async () => {
      const staff = await newStaff('Dora')
      const one = await pairNewKiosk(merchant.storeCodes[0])
      const two = await pairNewKiosk(merchant.storeCodes[1])
      // Kiosk two reports failures at -20 … -18 min first; kiosk one, offline until now, reports
      // a correct PIN at -30 min: it must not wipe the later failures.
      await sync(two.credential, [
        failed(staff.id, 20, 1),
        failed(staff.id, 19, 2),
        failed(staff.id, 18, 3),
      ])
      const late = SyncResult.parse((await sync(one.credential, [ok(staff.id, 30)])).body.data)
      expect(late.results[0]).toMatchObject({ result: { reset: true, locked: false } })
      expect((await staffRow(staff.id)).failed_pin_attempts).toBe(3)
      // A correct PIN at -10 min resets; a failure from -15 min reported after it is not counted,
      // nor is a correct PIN older than the reset.
      await sync(two.credential, [ok(staff.id, 10)])
      expect((await staffRow(staff.id)).failed_pin_attempts).toBe(0)
      await sync(one.credential, [failed(staff.id, 15)])
      const older = SyncResult.parse((await sync(one.credential, [ok(staff.id, 12)])).body.data)
      expect(older.results[0]).toMatchObject({ result: { reset: false, locked: false } })
      expect((await staffRow(staff.id)).failed_pin_attempts).toBe(0)
      await sync(one.credential, [failed(staff.id, 5)])
      expect((await staffRow(staff.id)).failed_pin_attempts).toBe(1)
    })

    it('does not lift a lock: only the merchant does', async () => {
      const staff = await newStaff('Emil')
      const kiosk = await pairNewKiosk()
      await sync(
        kiosk.credential,
        Array.from({ length: 10 }, (_, i) => failed(staff.id, 30 - i, i + 1)),
      )
      expect(await lockedInPull(kiosk.credential, staff.id)).toBe(true)
      const answered = SyncResult.parse((await sync(kiosk.credential, [ok(staff.id, 5)])).body.data)
      expect(answered.results[0]).toMatchObject({
        outcome: 'applied',
        result: { reset: false, locked: true },
      })
      expect((await staffRow(staff.id)).pin_locked_at).not.toBeNull()
      expect(await lockedInPull(kiosk.credential, staff.id)).toBe(true)
    })

    it('is refused for a staff member of another merchant', async () => {
      const other = await buildMerchant(db.knex)
      const stranger = await createStaff(db.knex, {
        merchantId: other.merchantId,
        name: 'Stranger',
        storeCodes: [other.storeCodes[0]],
        pin: '604182',
        actor: other.actor,
      })
      const kiosk = await pairNewKiosk()
      const answered = SyncResult.parse(
        (await sync(kiosk.credential, [ok(stranger.id, 1)])).body.data,
      )
      expect(answered.results[0]).toMatchObject({
        outcome: 'rejected',
        error: { code: 'STAFF_NOT_FOUND' },
      })
    })
  })

  it('records the kiosk clock skew and puts operation times on the server clock', async () => {
    const card = await buildCard(db.knex, merchant)
    const kiosk = await pairNewKiosk()
    const ahead = new Date(Date.now() + 3_600_000)
    const earn = op(
      'earn',
      { card_number: card.number, amount_cents: 1_000 },
      { occurred_at: ahead.toISOString() },
    )
    await sync(kiosk.credential, [earn], { device_time: ahead.toISOString() })
    const row = await db.knex('kiosks').where('id', kiosk.id).first()
    expect(Math.abs(row.clock_skew_ms - 3_600_000)).toBeLessThan(10_000)
    const entry = await db.knex('ledger_entries').where('client_id', earn.client_id).first()
    expect(Math.abs(entry.occurred_at.getTime() - Date.now())).toBeLessThan(10_000)
    expect(entry.device_id).toBe(kiosk.id)
  })

  it('validates the batch with the shared schema', async () => {
    const kiosk = await pairNewKiosk()
    const response = await sync(kiosk.credential, [
      { client_id: 'x', type: 'teleport', occurred_at: 'now', payload: {} },
    ])
    expect(response.status).toBe(422)
    expect(response.body.error.code).toBe('VALIDATION_FAILED')
  })
})
