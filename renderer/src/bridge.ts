import { createBridgeClient } from '../../shared/kiosk-bridge-client.ts'
import type { KioskBridge } from '../../shared/kiosk-bridge.ts'
import { RECONNECTED, webSocketTransport } from './ws-transport.ts'

declare global {
  interface Window {
    /** Exposed by the Electron preload (electron/shell/preload.ts). */
    rewardflow?: KioskBridge
  }
}

export type Bridge = { bridge: KioskBridge; onReconnect: (listener: () => void) => () => void }

/** The kiosk core: the Electron preload's object, else the web host's WebSocket. */
export const connectBridge = (): Bridge => {
  if (window.rewardflow) return { bridge: window.rewardflow, onReconnect: () => () => {} }
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws'
  const transport = webSocketTransport(`${scheme}://${location.host}/bridge`)
  return {
    bridge: createBridgeClient(transport.invoke, transport.subscribe, {
      onContractViolation: ({ channel }) => console.warn(`bridge: ${channel} broke the contract`),
    }),
    onReconnect: (listener) => transport.subscribe(RECONNECTED, listener),
  }
}
