import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import {
  BRIDGE_EVENTS,
  BRIDGE_METHODS,
  bridgeChannel,
  type BridgeEvent,
  type BridgeMethod,
} from '../../shared/kiosk-bridge.ts'
import { createKioskCore, type KioskCore } from '../core/kiosk-core.ts'
import {
  createBridgeClient,
  type BridgeInvoke,
  type BridgeSubscribe,
} from '../../shared/kiosk-bridge-client.ts'

const methodOf = (channel: string) => channel.replace(/^rewardflow:/, '') as BridgeMethod

/** A transport to a real kiosk core, with a JSON round trip like IPC or a WebSocket. */
const transportTo = (core: KioskCore) => {
  const invoke: BridgeInvoke = async (channel, input) => {
    const method = core[methodOf(channel)] as (input: unknown) => Promise<unknown>
    return JSON.parse(JSON.stringify(await method(JSON.parse(JSON.stringify(input)))))
  }
  const subscribe: BridgeSubscribe = (channel, handler) =>
    core.on(channel.replace(/^rewardflow:/, '') as BridgeEvent, (payload) =>
      handler(JSON.parse(JSON.stringify(payload))),
    )
  return { invoke, subscribe }
}

/** A transport whose other side is a function of the test's choosing. */
const fakeTransport = (answer: (channel: string, input: unknown) => unknown) => {
  const sent: { channel: string; input: unknown }[] = []
  const handlers = new Map<string, Set<(payload: unknown) => void>>()
  const invoke: BridgeInvoke = async (channel, input) => {
    sent.push({ channel, input })
    return answer(channel, input)
  }
  const subscribe: BridgeSubscribe = (channel, handler) => {
    const set = handlers.get(channel) ?? new Set()
    set.add(handler)
    handlers.set(channel, set)
    return () => set.delete(handler)
  }
  const emit = (channel: string, payload: unknown) => {
    for (const handler of handlers.get(channel) ?? []) handler(payload)
  }
  return { invoke, subscribe, sent, emit }
}

describe('createBridgeClient', () => {
  let dir: string | null = null
  let core: KioskCore | null = null
  afterEach(async () => {
    await core?.close()
    if (dir) await rm(dir, { recursive: true, force: true })
    core = null
    dir = null
  })

  const realCore = async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'rewardflow-bridge-client-'))
    core = await createKioskCore({ dataDir: dir, appVersion: 'test' })
    return core
  }

  it('has one function per method of the contract, and on', () => {
    const { invoke, subscribe } = fakeTransport(() => null)
    const client = createBridgeClient(invoke, subscribe)
    for (const method of Object.keys(BRIDGE_METHODS)) {
      expect(typeof client[method as BridgeMethod]).toBe('function')
    }
    expect(typeof client.on).toBe('function')
  })

  it('calls a real kiosk core and answers its result', async () => {
    const { invoke, subscribe } = transportTo(await realCore())
    const client = createBridgeClient(invoke, subscribe)
    const status = await client.status({})
    expect(status.ok).toBe(true)
    if (status.ok) expect(status.value.paired).toBe(false)
    const locked = await client.card({ number: '4829103755610' })
    expect(locked).toEqual({ ok: false, error: { code: 'KIOSK_NOT_PAIRED', details: {} } })
  })

  it('delivers the core’s events until unsubscribed', async () => {
    const kiosk = await realCore()
    const { invoke, subscribe } = transportTo(kiosk)
    const client = createBridgeClient(invoke, subscribe)
    const languages: string[] = []
    const stop = client.on('status', (status) => languages.push(status.settings.language))
    await client.updateSettings({ language: 'fr' })
    stop()
    await client.updateSettings({ language: 'de' })
    expect(languages).toEqual(['fr'])
  })

  it('refuses an invalid input without sending it', async () => {
    const transport = fakeTransport(() => ({ ok: true, value: {} }))
    const client = createBridgeClient(transport.invoke, transport.subscribe)
    const result = await client.unlock({ pin: '12' })
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(result.error.code).toBe('VALIDATION_FAILED')
      expect(result.error.details.fields).toEqual([{ path: 'pin', code: 'invalid_format' }])
    }
    expect(transport.sent).toEqual([])
  })

  it('sends the parsed input, with the contract’s defaults', async () => {
    const transport = fakeTransport(() => ({ ok: false, error: { code: 'KIOSK_LOCKED' } }))
    const client = createBridgeClient(transport.invoke, transport.subscribe)
    const result = await client.stamp({ cardNumber: '4829103755610' })
    expect(transport.sent).toEqual([
      { channel: bridgeChannel('stamp'), input: { cardNumber: '4829103755610', count: 1 } },
    ])
    expect(result).toEqual({ ok: false, error: { code: 'KIOSK_LOCKED', details: {} } })
  })

  it('answers BRIDGE_INVALID_RESPONSE when the answer breaks the contract', async () => {
    const violations: string[] = []
    for (const answer of [
      undefined,
      'ok',
      { ok: true },
      { ok: true, value: { id: 1 } },
      { ok: false, error: { details: {} } },
      { ok: 'yes', value: {} },
    ]) {
      const transport = fakeTransport(() => answer)
      const client = createBridgeClient(transport.invoke, transport.subscribe, {
        onContractViolation: ({ channel }) => violations.push(channel),
      })
      expect(await client.unlock({ pin: '1234' })).toEqual({
        ok: false,
        error: { code: 'BRIDGE_INVALID_RESPONSE', details: {} },
      })
    }
    expect(violations).toHaveLength(6)
    expect(violations[0]).toBe(bridgeChannel('unlock'))
  })

  it('answers BRIDGE_UNAVAILABLE when the transport fails', async () => {
    const transport = fakeTransport(() => {
      throw new Error('No handler registered for rewardflow:status')
    })
    const client = createBridgeClient(transport.invoke, transport.subscribe)
    expect(await client.status({})).toEqual({
      ok: false,
      error: { code: 'BRIDGE_UNAVAILABLE', details: {} },
    })
  })

  it('drops event payloads that break the contract', () => {
    const transport = fakeTransport(() => null)
    const violations: string[] = []
    const client = createBridgeClient(transport.invoke, transport.subscribe, {
      onContractViolation: ({ channel }) => violations.push(channel),
    })
    const reasons: string[] = []
    client.on('locked', (payload) => reasons.push(payload.reason))
    transport.emit(bridgeChannel('locked'), { reason: 'idle' })
    transport.emit(bridgeChannel('locked'), { reason: 'bored' })
    transport.emit(bridgeChannel('locked'), null)
    expect(reasons).toEqual(['idle'])
    expect(violations).toEqual([bridgeChannel('locked'), bridgeChannel('locked')])
    expect(Object.keys(BRIDGE_EVENTS)).toContain('locked')
  })
})
