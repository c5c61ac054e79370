import {
  BRIDGE_EVENTS,
  BRIDGE_METHODS,
  bridgeChannel,
  type BridgeEvent,
  type BridgeMethod,
  type BridgeResult,
  type KioskBridge,
} from './kiosk-bridge.ts'

/** How a host carries the bridge: a request/answer call and a subscription, per channel name. */
export type BridgeTransport = {
  invoke: (channel: string, input: unknown) => Promise<unknown>
  subscribe: (channel: string, handler: (payload: unknown) => void) => () => void
}

const validationFailed = (issues: { path: PropertyKey[]; code: string }[]) => ({
  code: 'VALIDATION_FAILED',
  details: { fields: issues.map((i) => ({ path: i.path.join('.'), code: i.code })) },
})

/**
 * The renderer's side of the contract over any transport (Electron IPC, a WebSocket): one
 * function per method, built from BRIDGE_METHODS. Inputs are checked before they leave and
 * answers on arrival, so a host that drifts from the contract shows up as a stable code
 * (VALIDATION_FAILED, BRIDGE_INVALID_RESPONSE, BRIDGE_UNAVAILABLE), never as a crash.
 */
export const createBridgeClient = (transport: BridgeTransport): KioskBridge => {
  const call = async (method: BridgeMethod, input: unknown): Promise<BridgeResult<unknown>> => {
    const parsed = BRIDGE_METHODS[method].input.safeParse(input ?? {})
    if (!parsed.success) return { ok: false, error: validationFailed(parsed.error.issues) }
    let answer: unknown
    try {
      answer = await transport.invoke(bridgeChannel(method), parsed.data)
    } catch {
      return { ok: false, error: { code: 'BRIDGE_UNAVAILABLE', details: {} } }
    }
    const result = answer as BridgeResult<unknown> | null
    if (result && result.ok === false && typeof result.error?.code === 'string') {
      return { ok: false, error: { code: result.error.code, details: result.error.details ?? {} } }
    }
    const value = result?.ok === true ? BRIDGE_METHODS[method].output.safeParse(result.value) : null
    if (!value?.success) {
      return { ok: false, error: { code: 'BRIDGE_INVALID_RESPONSE', details: { method } } }
    }
    return { ok: true, value: value.data }
  }

  const methods = Object.fromEntries(
    (Object.keys(BRIDGE_METHODS) as BridgeMethod[]).map((method) => [
      method,
      (input: unknown) => call(method, input),
    ]),
  )

  return {
    ...methods,
    on: (event: BridgeEvent, listener: (payload: never) => void) =>
      transport.subscribe(bridgeChannel(event), (payload) => {
        const parsed = BRIDGE_EVENTS[event].safeParse(payload)
        if (parsed.success) (listener as (p: unknown) => void)(parsed.data)
      }),
  } as unknown as KioskBridge
}
