import {
  BRIDGE_METHODS,
  type BridgeError,
  type BridgeHandlers,
  type BridgeMethod,
  type BridgeResult,
  type KioskBridge,
} from '../../../shared/kiosk-bridge.ts'
import { StoreError } from '../store/store-error.ts'

// The bridge's methods over a typed handler map (shared BridgeHandlers, Actual Budget's
// TransactionHandlers shape): every input parsed by its method's schema before its handler
// runs, every output checked against the contract, every failure answered with a stable code.

/** A refusal with a stable code (shared/errors.ts), answered as `{ ok: false }`. */
export class BridgeFailure extends Error {
  constructor(
    readonly code: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(code)
    this.name = 'BridgeFailure'
  }
}

export type BridgeMethods = Omit<KioskBridge, 'on'>

export type DispatchOptions = {
  /**
   * Changes when a revocation wipes the store: a call that fails across a change answers
   * DEVICE_REVOKED (its database was closed under it), not INTERNAL_ERROR.
   */
  revocations: () => number
}

const failureOf = (error: unknown): BridgeError => {
  if (error instanceof BridgeFailure) return { code: error.code, details: error.details }
  if (error instanceof StoreError) return { code: error.code, details: {} }
  console.error('kiosk core:', error)
  return { code: 'INTERNAL_ERROR', details: {} }
}

/** One function per method of BRIDGE_METHODS, each answering a BridgeResult. */
export const dispatchBridge = (handlers: BridgeHandlers, options: DispatchOptions) => {
  const call = async (method: BridgeMethod, input: unknown): Promise<BridgeResult<unknown>> => {
    const contract = BRIDGE_METHODS[method]
    const parsed = contract.input.safeParse(input ?? {})
    if (!parsed.success) {
      const fields = parsed.error.issues.map((i) => ({ path: i.path.join('.'), code: i.code }))
      return { ok: false, error: { code: 'VALIDATION_FAILED', details: { fields } } }
    }
    const revocationsBefore = options.revocations()
    try {
      // The input was parsed by this method's own schema just above, which is what the
      // handler's parameter type is made of: TypeScript cannot follow `method` through the map.
      const handler = handlers[method] as (input: unknown) => unknown
      return { ok: true, value: contract.output.parse(await handler(parsed.data)) }
    } catch (error) {
      if (options.revocations() !== revocationsBefore)
        return { ok: false, error: { code: 'DEVICE_REVOKED', details: {} } }
      return { ok: false, error: failureOf(error) }
    }
  }

  // Each method's result is BridgeResult of its output schema, parsed in `call`.
  return Object.fromEntries(
    (Object.keys(BRIDGE_METHODS) as BridgeMethod[]).map((method) => [
      method,
      (input: unknown) => call(method, input),
    ]),
  ) as unknown as BridgeMethods
}
