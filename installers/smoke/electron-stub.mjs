// A stand-in for the `electron` module, for running the bundled main process under plain Node
// (installers/shell-smoke.test.ts): it records what the shell asks of Electron.
const state = {
  handlers: {},
  protocolHandlers: {},
  appEvents: {},
  windows: [],
  loginItems: [],
  errorBoxes: [],
  exitCode: null,
  quit: false,
  menu: undefined,
  privileged: null,
  reloads: 0,
}
globalThis.__electronStub = state

let markReady
const ready = new Promise((resolve) => {
  markReady = resolve
})
setTimeout(() => markReady(), 0)

export const app = {
  getPath: () => process.env.STUB_USER_DATA,
  getVersion: () => '0.0.0-smoke',
  isPackaged: false,
  requestSingleInstanceLock: () => true,
  quit: () => {
    state.quit = true
  },
  exit: (code) => {
    state.exitCode = code
  },
  on: (event, listener) => {
    ;(state.appEvents[event] ??= []).push(listener)
    return app
  },
  whenReady: () => ready,
  setLoginItemSettings: (settings) => state.loginItems.push(settings),
}

export const dialog = { showErrorBox: (_title, message) => state.errorBoxes.push(message) }
export const Menu = {
  setApplicationMenu: (menu) => {
    state.menu = menu
  },
}
export const powerMonitor = { getSystemIdleTime: () => 0 }
export const protocol = {
  registerSchemesAsPrivileged: (schemes) => {
    state.privileged = schemes
  },
}

// Not a cipher: this stub only has to round-trip, the real one is the OS keystore.
export const safeStorage = {
  isEncryptionAvailable: () => true,
  getSelectedStorageBackend: () => process.env.STUB_KEYSTORE_BACKEND ?? 'gnome_libsecret',
  encryptString: (text) => Buffer.from(`sealed:${Buffer.from(text).toString('hex')}`),
  decryptString: (sealed) => Buffer.from(sealed.toString().slice(7), 'hex').toString(),
}

export const session = {
  defaultSession: {
    protocol: {
      handle: (scheme, handler) => {
        state.protocolHandlers[scheme] = handler
      },
    },
    setPermissionRequestHandler: (handler) => {
      state.permissionRequest = handler
    },
    setPermissionCheckHandler: (handler) => {
      state.permissionCheck = handler
    },
    setDevicePermissionHandler: () => undefined,
    on: () => undefined,
    webRequest: {
      onBeforeRequest: (handler) => {
        state.onBeforeRequest = handler
      },
      onHeadersReceived: (handler) => {
        state.onHeadersReceived = handler
      },
    },
  },
}

export const ipcMain = {
  handle: (channel, handler) => {
    state.handlers[channel] = handler
  },
  removeHandler: (channel) => {
    delete state.handlers[channel]
  },
}

export class WebContents {
  sent = []
  events = {}
  windowOpenHandler = null
  on(event, listener) {
    ;(this.events[event] ??= []).push(listener)
    return this
  }
  send(channel, payload) {
    this.sent.push([channel, payload])
  }
  reload() {
    state.reloads += 1
  }
  setWindowOpenHandler(handler) {
    this.windowOpenHandler = handler
  }
}

export class BrowserWindow {
  events = {}
  url = null
  webContents = new WebContents()
  constructor(options) {
    this.options = options
    state.windows.push(this)
  }
  removeMenu() {}
  once(event, listener) {
    return this.on(event, listener)
  }
  on(event, listener) {
    ;(this.events[event] ??= []).push(listener)
    return this
  }
  async loadURL(url) {
    this.url = url
  }
  isDestroyed() {
    return false
  }
  isMinimized() {
    return false
  }
  show() {}
  restore() {}
  focus() {}
}
