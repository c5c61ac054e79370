import { z } from 'zod'
import {
  BRIDGE_EVENTS,
  BRIDGE_METHODS,
  BridgeErrorSchema,
  bridgeChannel,
  type BridgeError,
  type BridgeEvent,
  type BridgeMethod,
  type BridgeResult,
  type KioskBridge,
} from './kiosk-bridge.ts'

// The renderer's side of the bridge contract over any transport: Electron IPC in the preload,
// a WebSocket in the web host (renderer/src/ws-transport.ts). Inputs are checked before they
// leave, answers and event payloads when they arrive, so the UI only ever sees values of the contract's types. No electron import.

/** Sends one call on `channel` and resolves with whatever the other side answered. */
export type BridgeInvoke = (channel: string, input: unknown) => Promise<unknown>
/** Listens on `channel`; returns the function that stops listening. */
export type BridgeSubscribe = (channel: string, handler: (payload: unknown) => void) => () => void

export type BridgeClientOptions = {
  /** Told about answers and events that do not match the contract (they never reach the UI). */
  onContractViolation?: (what: { channel: string; issues: z.core.$ZodIssue[] }) => void
}

const failure = (
  code: string,
  details: Record<string, unknown> = {},
): { ok: false; error: BridgeError } => ({
  ok: false,
  error: { code, details },
})

const fieldsOf = (error: z.ZodError) =>
  error.issues.map((issue) => ({ path: issue.path.join('.'), code: issue.code }))

const resultSchemaOf = (method: BridgeMethod): z.ZodType =>
  z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), value: BRIDGE_METHODS[method].output }),
    z.object({ ok: z.literal(false), error: BridgeErrorSchema }),
  ])

const resultSchemas = Object.fromEntries(
  (Object.keys(BRIDGE_METHODS) as BridgeMethod[]).map((method) => [method, resultSchemaOf(method)]),
) as Record<BridgeMethod, z.ZodType>

/** A `KioskBridge` whose methods and events travel through `invoke` and `subscribe`. */
export const createBridgeClient = (
  invoke: BridgeInvoke,
  subscribe: BridgeSubscribe,
  options: BridgeClientOptions = {},
): KioskBridge => {
  const call = async (method: BridgeMethod, input: unknown): Promise<BridgeResult<unknown>> => {
    const parsed = BRIDGE_METHODS[method].input.safeParse(input ?? {})
    if (!parsed.success) return failure('VALIDATION_FAILED', { fields: fieldsOf(parsed.error) })
    let answer: unknown
    try {
      answer = await invoke(bridgeChannel(method), parsed.data)
    } catch {
      // The other side threw or went away (closed socket, no handler): no answer to check.
      return failure('BRIDGE_UNAVAILABLE')
    }
    const result = resultSchemas[method].safeParse(answer)
    if (!result.success) {
      options.onContractViolation?.({ channel: bridgeChannel(method), issues: result.error.issues })
      return failure('BRIDGE_INVALID_RESPONSE')
    }
    // The schema above is BridgeResult of the method's output schema.
    return result.data as BridgeResult<unknown>
  }

  // One function per method of the contract, built from BRIDGE_METHODS; each one's input and
  // output types are those of KioskBridge because `call` checks them against the same schemas.
  const methods = Object.fromEntries(
    (Object.keys(BRIDGE_METHODS) as BridgeMethod[]).map((method) => [
      method,
      (input: unknown) => call(method, input),
    ]),
  ) as unknown as Omit<KioskBridge, 'on'>

  const on: KioskBridge['on'] = (event, listener) => {
    const channel = bridgeChannel(event)
    return subscribe(channel, (payload) => {
      const parsed = BRIDGE_EVENTS[event as BridgeEvent].safeParse(payload)
      if (!parsed.success) {
        options.onContractViolation?.({ channel, issues: parsed.error.issues })
        return
      }
      ;(listener as (payload: unknown) => void)(parsed.data)
    })
  }

  return { ...methods, on }
}
