import { randomUUID } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { LANGUAGES } from '../../shared/languages.ts'
import { systemActor } from '../auth/actor.ts'
import { enrollCustomer } from '../loyalty/commands/enroll-customer.ts'
import { DEMO, seedDemoData } from '../seed/demo-seed.ts'
import { useTestDatabase } from '../test/test-database.ts'
import { rawKeysIn } from '../test/raw-keys.ts'
import { loadConfig } from '../config.ts'
import { seedEmailTemplates } from '../email/email-templates.ts'
import { renderOutboundEmail } from '../email/render-email.ts'
import { ALERTS_CURSOR, raiseAlerts } from './raise-alerts.ts'
import type { AlertKind } from './alert-kinds.ts'

// The alert sweep against real PostgreSQL: each kind is raised once for its situation — a second
// run, or a run that reads the same rows again (the cursor moved back), raises nothing more —
// and the owners get one email per kind and day, in their language.

const db = useTestDatabase()
const M = DEMO.fashion.merchantId
const HUB = DEMO.fashion.hubStoreId
const OUTLET = DEMO.fashion.outletStoreId
const MINUTE = 60_000
const config = loadConfig({ ...process.env, BASE_URL: 'http://localhost', DATABASE_URL: undefined })

/** The sweep's clock: every situation happens a few minutes after the previous one. */
let clock = new Date()
const tick = (minutes = 1) => (clock = new Date(clock.getTime() + minutes * MINUTE))
const sweep = () =>
  raiseAlerts(db.knex, { now: tick(), lagSeconds: 0, baseUrl: 'http://localhost' })

const newCard = async () => {
  const enrolled = await enrollCustomer(db.knex, {
    merchantId: M,
    storeCode: 'FASHIONHUB',
    clientId: randomUUID(),
    email: `alerts-${randomUUID()}@example.lu`,
    name: 'Alex Alert',
    actor: systemActor(M, 'test'),
  })
  return enrolled.card
}

/** A ledger entry recorded now by the sweep's clock (the window the next run reads). */
const entry = (props: {
  cardId: string
  type: 'earn' | 'stamp' | 'redeem' | 'adjust'
  points?: number
  storeId?: string
  occurredAt?: Date
  reason?: string
}) =>
  db.knex('ledger_entries').insert({
    merchant_id: M,
    card_id: props.cardId,
    type: props.type,
    points_delta: props.points ?? 0,
    store_id: props.storeId ?? HUB,
    client_id: randomUUID(),
    request_hash: 'alerts-test',
    reason: props.reason ?? null,
    occurred_at: props.occurredAt ?? clock,
    recorded_at: new Date(clock.getTime() + 1000),
  })

const alertsOf = (kind: AlertKind) => db.knex('alerts').where({ merchant_id: M, kind })

/** Runs the sweep twice and once more over the same rows: the situation is raised once. */
const raisedOnce = async (kind: AlertKind) => {
  const first = await sweep()
  expect(first.raised[kind]).toBe(1)
  const again = await sweep()
  expect(again.raised[kind]).toBe(0)
  await db.knex('email_sweep_cursors').where('name', ALERTS_CURSOR).update({ position: first.from })
  const reread = await sweep()
  expect(reread.raised[kind]).toBe(0)
  const rows = await alertsOf(kind)
  expect(rows).toHaveLength(1)
  return rows[0]
}

const setAlertSettings = (settings: Record<string, unknown>) =>
  db
    .knex('merchants')
    .where('id', M)
    .update({
      settings: db.knex.raw(`jsonb_set(settings, '{alerts}', ?::jsonb)`, [
        JSON.stringify(settings),
      ]),
    })

beforeAll(async () => {
  await seedDemoData(db.knex)
  await seedEmailTemplates(db.knex)
  clock = new Date()
  // The first run starts the cursor: nothing from before the sweep existed is raised.
  const first = await raiseAlerts(db.knex, { now: clock, lagSeconds: 0 })
  expect(Object.values(first.raised).every((n) => n === 0)).toBe(true)
})

describe('the alert sweep', () => {
  it('raises a card with more earnings in a day than the threshold once', async () => {
    await setAlertSettings({ alert_card_earnings_per_day: 3 })
    const card = await newCard()
    for (let i = 0; i < 3; i++) await entry({ cardId: card.id, type: 'earn', points: 10 })
    expect((await sweep()).raised.card_earnings).toBe(0)
    await entry({ cardId: card.id, type: 'earn', points: 10 })
    const alert = await raisedOnce('card_earnings')
    expect(alert).toMatchObject({ card_id: card.id, store_id: HUB })
    expect(alert.details).toMatchObject({ count: 4, threshold: 3 })
    // A fifth earning the same day is the same situation.
    await entry({ cardId: card.id, type: 'earn', points: 10 })
    expect((await sweep()).raised.card_earnings).toBe(0)
  })

  it('raises an adjustment above the threshold once, either way', async () => {
    await setAlertSettings({ alert_adjustment_above: 200 })
    const card = await newCard()
    await entry({ cardId: card.id, type: 'adjust', points: 200, reason: 'at the threshold' })
    expect((await sweep()).raised.large_adjustment).toBe(0)
    await entry({ cardId: card.id, type: 'adjust', points: 250, reason: 'Goodwill' })
    const alert = await raisedOnce('large_adjustment')
    expect(alert.details).toMatchObject({ points: 250, threshold: 200, reason: 'Goodwill' })
  })

  it('raises earnings on one card in two stores within the minutes once', async () => {
    await setAlertSettings({ alert_two_stores_minutes: 15 })
    const card = await newCard()
    const at = new Date(clock.getTime() - 40 * MINUTE)
    await entry({ cardId: card.id, type: 'earn', points: 5, storeId: HUB, occurredAt: at })
    // 20 minutes apart: not within 15.
    await entry({
      cardId: card.id,
      type: 'earn',
      points: 5,
      storeId: OUTLET,
      occurredAt: new Date(at.getTime() + 20 * MINUTE),
    })
    expect((await sweep()).raised.two_stores).toBe(0)
    await entry({
      cardId: card.id,
      type: 'earn',
      points: 5,
      storeId: OUTLET,
      occurredAt: new Date(at.getTime() + 10 * MINUTE),
    })
    const alert = await raisedOnce('two_stores')
    expect(alert.details).toMatchObject({ minutes: 10, threshold: 15 })
  })

  it('raises a reward redeemed within the hour after enrolment once', async () => {
    const late = await newCard()
    const created = (await db.knex('cards').where('id', late.id).first('created_at')).created_at
    await entry({
      cardId: late.id,
      type: 'redeem',
      points: -100,
      occurredAt: new Date(created.getTime() + 61 * MINUTE),
    })
    expect((await sweep()).raised.quick_redemption).toBe(0)
    // A card whose history is older than its row (enrolled offline, imported): not "just enrolled".
    const imported = await newCard()
    await entry({
      cardId: imported.id,
      type: 'earn',
      points: 100,
      occurredAt: new Date(clock.getTime() - 3 * 24 * 60 * MINUTE),
    })
    await entry({ cardId: imported.id, type: 'redeem', points: -100 })
    expect((await sweep()).raised.quick_redemption).toBe(0)
    const quick = await newCard()
    await entry({ cardId: quick.id, type: 'redeem', points: -100 })
    const alert = await raisedOnce('quick_redemption')
    expect(alert.card_id).toBe(quick.id)
  })

  const kiosk = async (props: Record<string, unknown> = {}) => {
    const [row] = await db
      .knex('kiosks')
      .insert({
        merchant_id: M,
        store_id: OUTLET,
        name: `Till ${randomUUID().slice(0, 4)}`,
        status: 'active',
        paired_at: clock,
        ...props,
      })
      .returning('id')
    return row.id as string
  }

  it('raises many failed PINs on one kiosk in a day once', async () => {
    await setAlertSettings({ alert_pin_failures_per_day: 3 })
    const kioskId = await kiosk({ last_seen_at: clock })
    const failure = () =>
      db.knex('kiosk_operations').insert({
        merchant_id: M,
        kiosk_id: kioskId,
        client_id: randomUUID(),
        type: 'pin_failed',
        request_hash: 'alerts-test',
        payload: {},
        outcome: 'applied',
        occurred_at: clock,
        recorded_at: new Date(clock.getTime() + 1000),
      })
    await failure()
    await failure()
    expect((await sweep()).raised.pin_failures).toBe(0)
    await failure()
    const alert = await raisedOnce('pin_failures')
    expect(alert).toMatchObject({ kiosk_id: kioskId, store_id: OUTLET })
    expect(alert.details).toMatchObject({ count: 3 })
    await db.knex('kiosks').where('id', kioskId).update({ status: 'revoked' })
  })

  it('raises a kiosk silent during opening hours once per silence, and not while closed', async () => {
    await db.knex('kiosks').where('merchant_id', M).update({ status: 'revoked' })
    // This test's clock is fixed dates: the ledger cursor is put back where it was after.
    const cursor = await db.knex('email_sweep_cursors').where('name', ALERTS_CURSOR).first()
    // Luxembourg: 08:00–20:00 local. At 03:00 local the stores are closed.
    await setAlertSettings({
      alert_kiosk_silent_minutes: 30,
      alert_opening_from: '08:00',
      alert_opening_to: '20:00',
    })
    const night = new Date('2026-12-08T02:00:00Z')
    const kioskId = await kiosk({ last_seen_at: new Date(night.getTime() - 3 * 60 * MINUTE) })
    const atNight = await raiseAlerts(db.knex, { now: night, lagSeconds: 0 })
    expect(atNight.raised.kiosk_silent).toBe(0)
    const morning = new Date('2026-12-08T09:00:00Z') // 10:00 local
    const opened = await raiseAlerts(db.knex, { now: morning, lagSeconds: 0 })
    expect(opened.raised.kiosk_silent).toBe(1)
    const later = await raiseAlerts(db.knex, {
      now: new Date(morning.getTime() + 5 * MINUTE),
      lagSeconds: 0,
    })
    expect(later.raised.kiosk_silent).toBe(0)
    // It synced, then fell silent again: a new silence, a new alert.
    await db.knex('kiosks').where('id', kioskId).update({ last_seen_at: morning })
    const silentAgain = await raiseAlerts(db.knex, {
      now: new Date(morning.getTime() + 45 * MINUTE),
      lagSeconds: 0,
    })
    expect(silentAgain.raised.kiosk_silent).toBe(1)
    expect(await alertsOf('kiosk_silent')).toHaveLength(2)
    await db.knex('kiosks').where('id', kioskId).update({ status: 'revoked' })
    await db
      .knex('email_sweep_cursors')
      .where('name', ALERTS_CURSOR)
      .update({ position: cursor.position })
  })

  it('raises a kiosk with operations waiting longer than the threshold once per backlog', async () => {
    await setAlertSettings({
      alert_kiosk_pending_minutes: 60,
      alert_opening_from: '00:00',
      alert_opening_to: '00:00',
    })
    const kioskId = await kiosk({
      last_seen_at: clock,
      oldest_pending_at: new Date(clock.getTime() - 30 * MINUTE),
    })
    expect((await sweep()).raised.kiosk_pending).toBe(0)
    await db
      .knex('kiosks')
      .where('id', kioskId)
      .update({ oldest_pending_at: new Date(clock.getTime() - 90 * MINUTE), last_seen_at: clock })
    const alert = await raisedOnce('kiosk_pending')
    expect(alert).toMatchObject({ kiosk_id: kioskId, store_id: OUTLET })
  })

  it('emails each owner once per kind and day, in their language, with no raw key', async () => {
    const emails = await db
      .knex('outbound_emails')
      .where({ merchant_id: M, template: 'merchant_alert' })
      .orderBy('created_at')
    const owners = await db
      .knex('merchant_users')
      .where({ merchant_id: M, role: 'owner', active: true })
    // Kinds raised above; kiosk_silent was raised twice the same day: one email.
    const keys = emails.map((e) => e.idempotency_key as string)
    expect(new Set(keys).size).toBe(keys.length)
    for (const kind of [
      'card_earnings',
      'large_adjustment',
      'two_stores',
      'quick_redemption',
      'pin_failures',
      'kiosk_pending',
    ] as const)
      expect(
        emails.filter((e) => e.variables.alert_kind && e.idempotency_key.includes(`:${kind}:`)),
      ).toHaveLength(owners.length)
    expect(emails.filter((e) => e.idempotency_key.includes(':kiosk_silent:'))).toHaveLength(
      owners.length,
    )
    // Another alert of a kind already emailed today: no second email.
    const card = await newCard()
    await setAlertSettings({ alert_adjustment_above: 10 })
    await entry({ cardId: card.id, type: 'adjust', points: 500 })
    const run = await sweep()
    expect(run.raised.large_adjustment).toBe(1)
    expect(run.emails).toBe(0)
  })

  it('writes the email in each of the four languages', async () => {
    for (const language of LANGUAGES) {
      await db
        .knex('merchant_users')
        .where('id', DEMO.fashion.ownerUserId)
        .update({ preferred_language: language })
      const card = await newCard()
      // A new UTC day for the sweep's clock: the kind may be emailed again.
      clock = new Date(clock.getTime() + 24 * 60 * MINUTE)
      await entry({ cardId: card.id, type: 'adjust', points: 900 })
      const run = await sweep()
      expect(run.emails).toBeGreaterThan(0)
      const email = await db
        .knex('outbound_emails')
        .where({
          merchant_id: M,
          template: 'merchant_alert',
          to_address: (
            await db.knex('merchant_users').where('id', DEMO.fashion.ownerUserId).first('email')
          ).email,
        })
        .orderBy('created_at', 'desc')
        .first()
      expect(email.language).toBe(language)
      const rendered = await renderOutboundEmail(db.knex, config, email)
      expect(rawKeysIn(rendered.subject + rendered.text)).toEqual([])
      expect(rendered.text).not.toContain('alerts.kinds')
      expect(rendered.text).toContain('/merchant/alerts')
    }
  })
})
