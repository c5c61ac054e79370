import type { BridgeEventPayload, BridgeHandlers, KioskBridge } from '../../shared/kiosk-bridge.ts'
import { createBridgeEvents } from './bridge/bridge-events.ts'
import { cashierHandlers } from './bridge/cashier-handlers.ts'
import { BridgeFailure, dispatchBridge } from './bridge/dispatch-bridge.ts'
import { openKioskSession, type KioskSessionOptions } from './kiosk-session.ts'
import { pairKiosk, parsePairingQr, PairingError } from './pairing/pair-kiosk.ts'

// The kiosk core behind the bridge contract (shared/kiosk-bridge.ts): the session (store,
// pairing, sync, operations, PIN, settings), the device's own methods below, the cashier's in
// bridge/cashier-handlers.ts, all dispatched by bridge/dispatch-bridge.ts with every input
// parsed by the contract's schemas and every failure answered with a stable code. The Electron
// preload and the web host's WebSocket both call this object; it never imports electron.

export type KioskCoreOptions = KioskSessionOptions

export type KioskCore = KioskBridge & {
  /** A scanner read (any transport): sent to the UI as a `scan` event. */
  scanned: (event: BridgeEventPayload<'scan'>) => void
  close: () => Promise<void>
}

export const createKioskCore = async (options: KioskCoreOptions): Promise<KioskCore> => {
  const events = createBridgeEvents()
  const session = await openKioskSession(options, {
    changed: (status) => events.emit('status', status),
    revoked: (status) => {
      events.emit('locked', { reason: 'revoked' })
      events.emit('status', status)
    },
  })
  const statusChanged = () => events.emit('status', session.status())

  const handlers: BridgeHandlers = {
    status: () => session.status(),

    pair: async (input) => {
      if (session.isPaired()) throw new BridgeFailure('KIOSK_ALREADY_PAIRED')
      const target =
        'qr' in input
          ? parsePairingQr(input.qr)
          : { code: input.code, backendUrl: input.backendUrl }
      if (!target) throw new BridgeFailure('PAIRING_CODE_INVALID')
      try {
        const pairing = await pairKiosk({
          store: session.store(),
          backendUrl: target.backendUrl,
          code: target.code,
          appVersion: options.appVersion,
          now: session.now,
        })
        await session.start(pairing).engine.syncNow()
      } catch (error) {
        if (error instanceof PairingError) throw new BridgeFailure(error.code)
        throw error
      }
      statusChanged()
      return session.status()
    },

    unlock: async (input) => {
      const { pin } = session.paired()
      const result = input.staffId
        ? await pin.verifyPin(input.staffId, input.pin)
        : await pin.verifyPinForAnyStaff(input.pin)
      // A PIN entry means someone is at the counter: try the backend now, not after a backoff.
      session.paired().engine.trigger()
      if (!result.ok) {
        const { ok: _ok, code, ...details } = result
        throw new BridgeFailure(code, details)
      }
      session.signIn(result.staff)
      statusChanged()
      return result.staff
    },

    lock: (input) => {
      session.signIn(null)
      events.emit('locked', { reason: input.reason })
      statusChanged()
      return {}
    },

    updateSettings: (input) => {
      const kept = session.updateSettings(input)
      statusChanged()
      return kept
    },

    ...cashierHandlers(session),
  }

  return {
    ...dispatchBridge(handlers, { revocations: session.revocations }),
    on: events.on,
    scanned: (event) => events.emit('scan', event),
    close: session.close,
  }
}
