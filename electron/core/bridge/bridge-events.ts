import {
  BRIDGE_EVENTS,
  type BridgeEvent,
  type BridgeEventPayload,
  type KioskBridge,
} from '../../../shared/kiosk-bridge.ts'

/** The bridge's events (status, scan, locked): each payload checked against the contract. */
export const createBridgeEvents = () => {
  const listeners = new Map<BridgeEvent, Set<(payload: never) => void>>()

  const emit = <E extends BridgeEvent>(event: E, payload: BridgeEventPayload<E>) => {
    const parsed = BRIDGE_EVENTS[event].parse(payload)
    for (const listener of listeners.get(event) ?? [])
      (listener as (p: typeof parsed) => void)(parsed)
  }

  const on: KioskBridge['on'] = (event, listener) => {
    const set = listeners.get(event) ?? new Set()
    set.add(listener as (payload: never) => void)
    listeners.set(event, set)
    return () => set.delete(listener as (payload: never) => void)
  }

  return { emit, on }
}
