import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  DEFAULT_DEVICE_SETTINGS,
  type BridgeHandlers,
  type KioskStatus,
} from '../../../shared/kiosk-bridge.ts'
import { StoreError } from '../store/store-error.ts'
import { BridgeFailure, dispatchBridge } from './dispatch-bridge.ts'

// The dispatcher over handlers that record what they get: inputs parsed by the contract before
// a handler runs, outputs checked after, failures as stable codes.

const STATUS: KioskStatus = {
  paired: false,
  store: null,
  staff: null,
  sync: {
    online: false,
    syncing: false,
    queueLength: 0,
    lastSyncAt: null,
    lastError: null,
    revoked: false,
  },
  settings: DEFAULT_DEVICE_SETTINGS,
  idleLock: { minutes: DEFAULT_DEVICE_SETTINGS.idleLockMinutes, merchantMaxMinutes: null },
  reviewOutcomes: [],
}

const unused = () => {
  throw new Error('not called in this test')
}

const handlersWith = (overrides: Partial<BridgeHandlers>): BridgeHandlers => ({
  status: () => STATUS,
  pair: unused,
  unlock: unused,
  lock: unused,
  card: unused,
  visits: unused,
  search: unused,
  earn: unused,
  stamp: unused,
  redeem: unused,
  enroll: unused,
  undo: unused,
  updateSettings: unused,
  ...overrides,
})

afterEach(() => {
  vi.restoreAllMocks()
})

describe('the bridge dispatcher', () => {
  it('refuses an input the contract rejects with its fields, and never runs the handler', async () => {
    const seen: unknown[] = []
    const bridge = dispatchBridge(
      handlersWith({
        unlock: (input) => {
          seen.push(input)
          return { id: 's1', name: 'Ana' }
        },
      }),
      { revocations: () => 0 },
    )
    expect(await bridge.unlock({ pin: '12' })).toEqual({
      ok: false,
      error: {
        code: 'VALIDATION_FAILED',
        details: { fields: [{ path: 'pin', code: 'invalid_format' }] },
      },
    })
    expect(seen).toEqual([])
  })

  it('gives the handler the parsed input, defaults applied', async () => {
    const seen: unknown[] = []
    const bridge = dispatchBridge(
      handlersWith({
        lock: (input) => {
          seen.push(input)
          return {}
        },
      }),
      { revocations: () => 0 },
    )
    expect(await bridge.lock({})).toEqual({ ok: true, value: {} })
    expect(seen).toEqual([{ reason: 'manual' }])
  })

  it('answers a refusal with its code and details, a store error with its code', async () => {
    const bridge = dispatchBridge(
      handlersWith({
        card: () => {
          throw new BridgeFailure('CARD_NOT_FOUND', { number: '1' })
        },
        status: () => {
          throw new StoreError('STORE_KEY_INVALID', 'wrong key')
        },
      }),
      { revocations: () => 0 },
    )
    expect(await bridge.card({ number: '482910375561' })).toEqual({
      ok: false,
      error: { code: 'CARD_NOT_FOUND', details: { number: '1' } },
    })
    expect(await bridge.status({})).toEqual({
      ok: false,
      error: { code: 'STORE_KEY_INVALID', details: {} },
    })
  })

  it('answers INTERNAL_ERROR for an unexpected error, and for an output outside the contract', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {})
    const bridge = dispatchBridge(
      handlersWith({
        search: () => {
          throw new TypeError('boom')
        },
        status: () => ({ ...STATUS, paired: 'yes' }) as unknown as KioskStatus,
      }),
      { revocations: () => 0 },
    )
    expect(await bridge.search({ query: 'marie@example.lu' })).toEqual({
      ok: false,
      error: { code: 'INTERNAL_ERROR', details: {} },
    })
    expect(await bridge.status({})).toMatchObject({ ok: false, error: { code: 'INTERNAL_ERROR' } })
    expect(logged).toHaveBeenCalledTimes(2)
  })

  it('answers DEVICE_REVOKED for a call that failed while a revocation wiped the store', async () => {
    let revocations = 0
    const bridge = dispatchBridge(
      handlersWith({
        earn: () => {
          revocations++
          throw new TypeError('the database connection is not open')
        },
      }),
      { revocations: () => revocations },
    )
    expect(await bridge.earn({ cardNumber: '482910375561', amountCents: 100 })).toEqual({
      ok: false,
      error: { code: 'DEVICE_REVOKED', details: {} },
    })
  })
})
