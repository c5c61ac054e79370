import { mkdtempSync, readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_DEVICE_SETTINGS, type BridgeEventPayload } from '../../shared/kiosk-bridge.ts'
import { UNDO_WINDOW_MINUTES } from '../../shared/undo-window.ts'
import { formatPairingCode } from '../../shared/schemas/kiosk-api.ts'
import { createKioskCore, type KioskCore } from './kiosk-core.ts'
import { createTestBackend, type TestBackend } from './test/test-backend.ts'

// The kiosk core through the bridge contract, as the UI calls it, against the real backend:
// pairing, the PIN, a card, earning online, refusals with their codes, revocation.

let backend: TestBackend
let core: KioskCore
let dataDir: string
/** The core's clock runs this far ahead of the real one (the undo window test moves it). */
let clockAheadMs = 0
const events: { locked: BridgeEventPayload<'locked'>[] } = { locked: [] }

beforeAll(async () => {
  backend = await createTestBackend()
  await backend.start()
  // A member last seen 200 days ago, enrolled at the other store: outside a new kiosk's copy.
  await backend.query(
    `UPDATE cards c SET last_activity_at = now() - interval '200 days',
            enrolled_store_id = (SELECT s.id FROM stores s
                                  WHERE s.merchant_id = c.merchant_id AND s.code <> 'FASHIONHUB'
                                  ORDER BY s.code LIMIT 1)
       FROM customers cu WHERE cu.id = c.customer_id AND cu.email = 'sofia.rodrigues@example.lu'`,
  )
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'rf-kiosk-core-'))
  core = await createKioskCore({
    dataDir,
    appVersion: 'test',
    syncIntervalMs: 60_000,
    now: () => new Date(Date.now() + clockAheadMs),
  })
  core.on('locked', (event) => events.locked.push(event))
}, 120_000)

afterAll(async () => {
  await core?.close()
  await backend?.dispose()
})

const demoCard = async (email: string) =>
  (
    await backend.query<{ number: string }>(
      `SELECT c.number FROM cards c JOIN customers cu ON cu.id = c.customer_id WHERE cu.email = $1`,
      [email],
    )
  )[0]!.number

describe('the kiosk core behind the bridge', () => {
  it('answers an unpaired kiosk with KIOSK_NOT_PAIRED and pairs with a code', async () => {
    expect(await core.status({})).toMatchObject({ ok: true, value: { paired: false } })
    expect(await core.card({ number: '123' })).toMatchObject({
      ok: false,
      error: { code: 'KIOSK_NOT_PAIRED' },
    })
    const bad = await core.pair({ code: 'AAAA-AAAA', backendUrl: backend.url })
    expect(bad).toMatchObject({ ok: false, error: { code: 'PAIRING_CODE_INVALID' } })
    const code = await backend.pairingCode('FASHIONHUB')
    const paired = await core.pair({
      code: formatPairingCode(code),
      backendUrl: backend.url,
    })
    expect(paired).toMatchObject({
      ok: true,
      value: { paired: true, store: { code: 'FASHIONHUB' }, staff: null, sync: { online: true } },
    })
  })

  it('stays locked until a staff PIN, counting wrong ones', async () => {
    const number = await demoCard('marie.schmit@example.lu')
    expect(await core.earn({ cardNumber: number, amountCents: 1_000 })).toMatchObject({
      ok: false,
      error: { code: 'KIOSK_LOCKED' },
    })
    expect(await core.unlock({ pin: '12' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED' },
    })
    const wrong = await core.unlock({ pin: '000001' })
    expect(wrong).toMatchObject({ ok: false, error: { code: 'PIN_INVALID' } })
    expect(wrong.ok === false && wrong.error.details.attemptsLeft).toBeGreaterThan(0)
    const right = await core.unlock({ pin: '482913' })
    expect(right).toMatchObject({ ok: true, value: { name: 'Demo Cashier' } })
  })

  it('shows a scanned card, earns online, and refuses a second earning within the cooldown', async () => {
    const number = await demoCard('marie.schmit@example.lu')
    const screen = await core.card({ number: `https://fashionhub.lu/c/${number}\r` })
    expect(screen).toMatchObject({
      ok: true,
      value: { number, customerName: 'Marie Schmit', programme: { type: 'points' } },
    })
    const before = screen.ok ? screen.value.balance : 0
    // Rewards cheapest first; the next one is the cheapest the balance cannot pay for yet.
    const rewards = screen.ok ? screen.value.rewards : []
    expect(rewards.length).toBeGreaterThan(0)
    expect(rewards.map((r) => r.cost)).toEqual(rewards.map((r) => r.cost).sort((x, y) => x - y))
    const next = rewards.find((r) => r.cost > before)
    expect(screen.ok && screen.value.nextReward).toEqual(
      next ? { id: next.id, name: next.name, cost: next.cost, missing: next.cost - before } : null,
    )
    const earned = await core.earn({ cardNumber: number, amountCents: 4_250 })
    expect(earned).toMatchObject({ ok: true, value: { status: 'applied', points: 42 } })
    const again = await core.earn({ cardNumber: number, amountCents: 1_000 })
    expect(again).toMatchObject({
      ok: false,
      error: { code: 'POINTS_COOLDOWN', details: { cooldown_minutes: 5 } },
    })
    const after = await core.card({ number })
    expect(after.ok && after.value.balance).toBe(before + 42)
    expect(await core.card({ number: '1234' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_CARD_NUMBER' },
    })
  })

  it('shows a member not seen in 90 days at another store: asked for by number, online', async () => {
    const number = await demoCard('sofia.rodrigues@example.lu')
    expect(await core.card({ number })).toMatchObject({
      ok: true,
      value: { number, customerName: 'Sofia Rodrigues' },
    })
  })

  it('undoes an earning by a reversal', async () => {
    const target = await demoCard('luc.weber@example.lu')
    await backend.query(`UPDATE programmes SET cooldown_minutes = 0`)
    await core.status({})
    const earned = await core.earn({ cardNumber: target, amountCents: 2_000 })
    expect(earned.ok).toBe(true)
    const undone = await core.undo({
      clientId: earned.ok ? earned.value.clientId : '',
      reason: 'wrong amount',
    })
    expect(undone).toMatchObject({ ok: true, value: { status: 'applied', points: -20 } })
  })

  it('refuses an undo once the window from the operation has passed, and not before', async () => {
    const target = await demoCard('luc.weber@example.lu')
    const earned = await core.earn({ cardNumber: target, amountCents: 3_000 })
    if (!earned.ok) throw new Error(`earn refused: ${earned.error.code}`)
    const { clientId, occurredAt } = earned.value
    expect(Date.parse(occurredAt)).toBeGreaterThan(Date.now() - 60_000)
    try {
      clockAheadMs = UNDO_WINDOW_MINUTES * 60_000 + 1_000
      expect(await core.undo({ clientId, reason: 'too late' })).toMatchObject({
        ok: false,
        error: {
          code: 'UNDO_WINDOW_PASSED',
          details: { undo_window_minutes: UNDO_WINDOW_MINUTES },
        },
      })
    } finally {
      clockAheadMs = 0
    }
    // The refusal queued nothing: inside the window the same operation is still undone.
    const undone = await core.undo({ clientId, reason: 'wrong amount' })
    expect(undone).toMatchObject({ ok: true, value: { status: 'applied', points: -30 } })
    // An undo cannot itself be undone, however soon.
    const reversal = undone.ok ? undone.value.clientId : ''
    expect(await core.undo({ clientId: reversal, reason: 'undo the undo' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_REVERSIBLE' },
    })
  })

  it('finds a member online by email or phone, and lists the card’s recent visits', async () => {
    const number = await demoCard('marie.schmit@example.lu')
    const byEmail = await core.search({ query: 'MARIE.SCHMIT@example.lu' })
    expect(byEmail).toMatchObject({
      ok: true,
      value: [{ number, customerName: 'Marie Schmit', programmeType: 'points' }],
    })
    expect(await core.search({ query: 'nobody@example.lu' })).toEqual({ ok: true, value: [] })
    // Another merchant's customer is not found (the café's members are not Fashion Group's).
    const [cafe] = await backend.query<{ email: string }>(
      `SELECT cu.email FROM customers cu JOIN merchants m ON m.id = cu.merchant_id
        WHERE m.slug = 'cafe-letzebuerg' AND cu.email IS NOT NULL
       EXCEPT
       SELECT cu.email FROM customers cu JOIN merchants m ON m.id = cu.merchant_id
        WHERE m.slug <> 'cafe-letzebuerg' AND cu.email IS NOT NULL`,
    )
    expect(cafe).toBeDefined()
    expect(await core.search({ query: cafe!.email })).toEqual({ ok: true, value: [] })

    const visits = await core.visits({ cardNumber: number })
    expect(visits.ok && visits.value.online).toBe(true)
    expect(visits.ok && visits.value.visits[0]).toMatchObject({
      type: 'earn',
      points: 42,
      storeName: 'FashionHub',
      pending: false,
    })
  })

  it('says KIOSK_OFFLINE for a search without the backend, and shows its queued visits', async () => {
    const target = await demoCard('john.smith@example.com')
    await backend.stop()
    try {
      const earned = await core.earn({ cardNumber: target, amountCents: 1_500 })
      expect(earned).toMatchObject({ ok: true, value: { status: 'queued', points: 15 } })
      expect(await core.search({ query: 'marie.schmit@example.lu' })).toMatchObject({
        ok: false,
        error: { code: 'KIOSK_OFFLINE' },
      })
      const visits = await core.visits({ cardNumber: target })
      expect(visits).toMatchObject({
        ok: true,
        value: { online: false, visits: [{ type: 'earn', points: 15, pending: true }] },
      })
    } finally {
      await backend.start()
    }
    // A PIN entry makes the kiosk try the backend at once (not after its backoff).
    await core.unlock({ pin: '482913' })
    for (let i = 0; i < 100; i++) {
      const status = await core.status({})
      if (status.ok && status.value.sync.online && status.value.sync.queueLength === 0) break
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    const visits = await core.visits({ cardNumber: target })
    expect(visits).toMatchObject({ ok: true, value: { online: true } })
    expect(visits.ok && visits.value.visits[0]).toMatchObject({ points: 15, pending: false })
  })

  it('keeps settings, and locks on demand', async () => {
    const updated = await core.updateSettings({ language: 'fr', sounds: false })
    expect(updated).toMatchObject({ ok: true, value: { language: 'fr', sounds: false } })
    await core.lock({})
    expect(events.locked.at(-1)).toEqual({ reason: 'manual' })
    await core.unlock({ pin: '482913' })
    await core.lock({ reason: 'idle' })
    expect(events.locked.at(-1)).toEqual({ reason: 'idle' })
    expect(await core.status({})).toMatchObject({
      ok: true,
      value: { staff: null, settings: { language: 'fr' } },
    })
  })

  it('wipes itself and returns to pairing when the kiosk is revoked', async () => {
    await core.unlock({ pin: '482913' })
    const keyBefore = readFileSync(path.join(dataDir, 'kiosk.key'))
    await backend.query(`UPDATE kiosks SET status = 'revoked', revoked_at = now()`)
    await core.earn({ cardNumber: await demoCard('marie.schmit@example.lu'), amountCents: 500 })
    for (let i = 0; i < 50 && events.locked.at(-1)?.reason !== 'revoked'; i++)
      await new Promise((resolve) => setTimeout(resolve, 100))
    expect(events.locked.at(-1)).toEqual({ reason: 'revoked' })
    expect(await core.status({})).toMatchObject({
      ok: true,
      value: { paired: false, staff: null, settings: DEFAULT_DEVICE_SETTINGS },
    })
    // A new, empty store under a new key: the old database and its key are gone.
    expect(readFileSync(path.join(dataDir, 'kiosk.key')).equals(keyBefore)).toBe(false)
  })

  it('wipes itself when a search is the first to meet the revocation', async () => {
    const code = await backend.pairingCode('FASHIONHUB')
    const paired = await core.pair({
      code: formatPairingCode(code),
      backendUrl: backend.url,
    })
    expect(paired).toMatchObject({ ok: true, value: { paired: true } })
    await core.unlock({ pin: '482913' })
    // The sync the PIN entry wakes is over: the search, not the engine, meets the revocation.
    for (let i = 0; i < 50; i++) {
      const status = await core.status({})
      if (status.ok && !status.value.sync.syncing) break
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    const lockedBefore = events.locked.length
    await backend.query(`UPDATE kiosks SET status = 'revoked', revoked_at = now()`)
    expect(await core.search({ query: 'marie.schmit@example.lu' })).toMatchObject({
      ok: false,
      error: { code: 'DEVICE_REVOKED' },
    })
    for (let i = 0; i < 50 && events.locked.length === lockedBefore; i++)
      await new Promise((resolve) => setTimeout(resolve, 100))
    expect(events.locked.slice(lockedBefore)).toEqual([{ reason: 'revoked' }])
    expect(await core.status({})).toMatchObject({ ok: true, value: { paired: false, staff: null } })
  })
})
