import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { formatPairingCode } from '../../shared/schemas/kiosk-api.ts'
import { createKioskCore, type KioskCore } from './kiosk-core.ts'
import { createTestBackend, type TestBackend } from './test/test-backend.ts'

// What the merchant sets up reaches a real kiosk core through its sync, against the real
// backend: a new category is offered and a deactivated one no longer is; an earning filed under
// the new category is applied by the server; the merchant's idle lock caps the device's; a PIN
// given before the PIN length changed still unlocks.

/** A category as the API answers it (shared/schemas/category-api.ts), the fields used here. */
type ApiCategory = { id: string; code: string; version: number; active: boolean }

let backend: TestBackend
let core: KioskCore
let apiKey: string

const api = async (method: string, url: string, body?: unknown) => {
  const response = await fetch(`${backend.url}/api/v1${url}`, {
    method,
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  })
  return {
    status: response.status,
    body: (await response.json()) as { data: ApiCategory & ApiCategory[] },
  }
}

beforeAll(async () => {
  backend = await createTestBackend()
  await backend.start()
  apiKey = await backend.apiKey('fashion-group')
  core = await createKioskCore({
    dataDir: mkdtempSync(path.join(os.tmpdir(), 'rf-kiosk-setup-')),
    appVersion: 'test',
    syncIntervalMs: 300,
  })
  const paired = await core.pair({
    code: formatPairingCode(await backend.pairingCode('FASHIONHUB')),
    backendUrl: backend.url,
  })
  expect(paired.ok).toBe(true)
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

const offered = async (number: string) => {
  const screen = await core.card({ number })
  if (!screen.ok) throw new Error(screen.error.code)
  return screen.value.categories.map((c) => c.name.en).sort()
}

describe("the merchant's set-up at the kiosk", () => {
  it('offers a new category, drops a deactivated one, and files an earning under the new one', async () => {
    expect((await core.unlock({ pin: '482913' })).ok).toBe(true)
    const number = await demoCard('luc.weber@example.lu')
    expect(await offered(number)).toEqual(['Accessories', 'Clothing', 'Shoes'])

    const gifts = await api('POST', '/categories', {
      code: 'gifts',
      name: { en: 'Gifts', fr: 'Cadeaux' },
    })
    expect(gifts.status).toBe(201)
    const list = await api('GET', '/categories')
    const accessories = list.body.data.find((c) => c.code === 'accessories')!
    const off = await api('PATCH', `/categories/${accessories.id}`, {
      version: accessories.version,
      active: false,
    })
    expect(off.body.data.active).toBe(false)

    await vi.waitFor(
      async () => expect(await offered(number)).toEqual(['Clothing', 'Gifts', 'Shoes']),
      {
        timeout: 10_000,
        interval: 200,
      },
    )

    const earned = await core.earn({
      cardNumber: number,
      amountCents: 2_500,
      categoryId: gifts.body.data.id,
    })
    expect(earned).toMatchObject({ ok: true, value: { status: 'applied' } })
    const [entry] = await backend.query<{ category_id: string }>(
      `SELECT le.category_id FROM ledger_entries le JOIN cards c ON c.id = le.card_id
        WHERE c.number = $1 AND le.type = 'earn' ORDER BY le.recorded_at DESC LIMIT 1`,
      [number],
    )
    expect(entry!.category_id).toBe(gifts.body.data.id)
  })

  it("locks after the merchant's idle minutes at most, and keeps PINs of the former length", async () => {
    const status = await core.status({})
    expect(status.ok && status.value.idleLock).toEqual({ minutes: 5, merchantMaxMinutes: 5 })
    await backend.query(
      `UPDATE merchants
          SET settings = jsonb_set(settings, '{kiosk}', coalesce(settings->'kiosk', '{}'::jsonb)
                || '{"idle_lock_minutes": 2, "pin_length": 4}'::jsonb)
        WHERE slug = 'fashion-group'`,
    )
    await vi.waitFor(
      async () => {
        const next = await core.status({})
        expect(next.ok && next.value.idleLock).toEqual({ minutes: 2, merchantMaxMinutes: 2 })
      },
      { timeout: 10_000, interval: 200 },
    )
    // A device set to lock sooner keeps its own time.
    expect((await core.updateSettings({ idleLockMinutes: 1 })).ok).toBe(true)
    const sooner = await core.status({})
    expect(sooner.ok && sooner.value.idleLock).toEqual({ minutes: 1, merchantMaxMinutes: 2 })
    // The cashier's 6-digit PIN, given before PINs became 4 digits long, still opens the kiosk.
    await core.lock({ reason: 'manual' })
    expect(await core.unlock({ pin: '482913' })).toMatchObject({
      ok: true,
      value: { name: 'Demo Cashier' },
    })
  })
})
