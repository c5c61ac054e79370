import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron'
import {
  BRIDGE_EVENTS,
  BRIDGE_METHODS,
  bridgeChannel,
  type BridgeEvent,
  type BridgeMethod,
  type BridgeResult,
} from '../../shared/kiosk-bridge.ts'
import type { KioskCore } from '../core/kiosk-core.ts'
import { APP_ORIGIN, isTrustedUrl } from './is-trusted-url.ts'

// The bridge contract over Electron IPC, main-process side: one ipcMain.handle per method of
// BRIDGE_METHODS answering the core's BridgeResult, and every BRIDGE_EVENTS event sent on to the
// window. The preload (bridge-client.ts) is the other end.

const fromOurPage = (event: IpcMainInvokeEvent) => {
  const url = event.senderFrame?.url
  return url !== undefined && isTrustedUrl(url, APP_ORIGIN)
}

/** Registers the handlers and the event forwarding; returns the function that removes them. */
export const registerBridgeIpc = (core: KioskCore, window: () => BrowserWindow | null) => {
  const methods = Object.keys(BRIDGE_METHODS) as BridgeMethod[]
  for (const method of methods) {
    ipcMain.handle(bridgeChannel(method), async (event, input: unknown) => {
      if (!fromOurPage(event)) {
        return {
          ok: false,
          error: { code: 'FORBIDDEN', details: {} },
        } satisfies BridgeResult<never>
      }
      // The core parses the input with the contract and answers VALIDATION_FAILED itself.
      const call = core[method] as (input: unknown) => Promise<BridgeResult<unknown>>
      return call(input)
    })
  }

  const unsubscribes = (Object.keys(BRIDGE_EVENTS) as BridgeEvent[]).map((name) =>
    core.on(name, (payload) => {
      const target = window()
      if (target && !target.isDestroyed()) target.webContents.send(bridgeChannel(name), payload)
    }),
  )

  return () => {
    for (const method of methods) ipcMain.removeHandler(bridgeChannel(method))
    for (const unsubscribe of unsubscribes) unsubscribe()
  }
}
