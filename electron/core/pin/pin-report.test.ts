import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestBackend, type TestBackend } from '../test/test-backend.ts'
import { createTestKiosk, type TestKiosk } from '../test/test-kiosk.ts'
import { createPinGuard } from './pin-guard.ts'

// PIN reports against the real backend: failures raise the server's count, a correct PIN at a
// kiosk resets it — online at once, offline at the next sync.

let backend: TestBackend
let kiosk: TestKiosk
let cashierId: string
const PIN = '482913'
const WRONG = '000001'

beforeAll(async () => {
  backend = await createTestBackend()
  await backend.start()
  kiosk = await createTestKiosk(backend, 'FASHIONHUB')
  await kiosk.engine.syncNow()
  cashierId = (
    await backend.query<{ id: string }>(`SELECT id FROM staff WHERE name = 'Demo Cashier'`)
  )[0]!.id
}, 120_000)

afterAll(async () => {
  await kiosk?.close()
  await backend?.dispose()
})

const serverCount = async () =>
  (
    await backend.query<{ failed_pin_attempts: number; locked: boolean }>(
      `SELECT failed_pin_attempts, pin_locked_at IS NOT NULL AS locked FROM staff WHERE id = $1`,
      [cashierId],
    )
  )[0]!

const guard = () => createPinGuard({ store: kiosk.store, storeId: kiosk.pairing.store.id })

describe('PIN reports reaching the server', () => {
  it('resets the server’s count of failures with a correct PIN', async () => {
    const pins = guard()
    await pins.verifyPin(cashierId, WRONG)
    await pins.verifyPin(cashierId, WRONG)
    await kiosk.engine.syncNow()
    expect(await serverCount()).toEqual({ failed_pin_attempts: 2, locked: false })
    expect(await pins.verifyPin(cashierId, PIN)).toMatchObject({ ok: true })
    await kiosk.engine.syncNow()
    expect(await serverCount()).toEqual({ failed_pin_attempts: 0, locked: false })
  })

  it('keeps a correct PIN entered offline and reports it at the next sync', async () => {
    const pins = guard()
    await pins.verifyPin(cashierId, WRONG)
    await kiosk.engine.syncNow()
    expect(await serverCount()).toMatchObject({ failed_pin_attempts: 1 })

    kiosk.network.mode = 'down'
    await pins.verifyPin(cashierId, WRONG)
    expect(await pins.verifyPin(cashierId, PIN)).toMatchObject({ ok: true })
    expect((await kiosk.engine.syncNow()).online).toBe(false)
    expect(kiosk.store.queueLength()).toBe(2)
    expect(await serverCount()).toMatchObject({ failed_pin_attempts: 1 })

    kiosk.network.mode = 'up'
    expect(await kiosk.engine.syncNow()).toMatchObject({ online: true, queueLength: 0 })
    // The offline failure came before the correct PIN: nothing is left to count.
    expect(await serverCount()).toEqual({ failed_pin_attempts: 0, locked: false })
    const reported = await backend.query<{ type: string; outcome: string }>(
      `SELECT type, outcome FROM kiosk_operations WHERE kiosk_id = $1 ORDER BY occurred_at, type`,
      [kiosk.pairing.kiosk_id],
    )
    expect(reported.slice(-2)).toEqual([
      { type: 'pin_failed', outcome: 'applied' },
      { type: 'pin_ok', outcome: 'applied' },
    ])
  })
})
