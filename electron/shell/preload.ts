import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import type { KioskBridge } from '../../shared/kiosk-bridge.ts'
import { createBridgeClient } from '../../shared/kiosk-bridge-client.ts'

// The only thing the kiosk page gets from Electron: `window.rewardflow`, the bridge contract
// over IPC. Sandboxed, so this file is bundled (installers/build-shell.ts) with zod inside.

const bridge = createBridgeClient(
  (channel, input) => ipcRenderer.invoke(channel, input),
  (channel, handler) => {
    const listener = (_event: IpcRendererEvent, payload: unknown) => handler(payload)
    ipcRenderer.on(channel, listener)
    return () => {
      ipcRenderer.removeListener(channel, listener)
    }
  },
  {
    onContractViolation: ({ channel, issues }) =>
      console.warn(`rewardflow bridge: ${channel} broke the contract`, issues),
  },
) satisfies KioskBridge

contextBridge.exposeInMainWorld('rewardflow', bridge)
