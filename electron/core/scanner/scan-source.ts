/**
 * The one interface every scanner transport implements, and what the transports share: listener
 * sets, reconnecting with backoff after an unplug, and the filter that counts a repeated read once.
 */

/** One read: the decoded text, the transport and device it came from, when it arrived (ms). */
export type ScanEvent = { text: string; source: string; at: number }

export type ScannerStatus =
  | { state: 'connected' }
  | { state: 'disconnected'; message: string }
  | { state: 'error'; message: string }

export type ScanSource = {
  /** Names the transport and device, e.g. `serial:/dev/ttyACM0` or `hid:0c2e:0b61`. */
  readonly id: string
  /** Resolves after the first attempt to open; a missing device is retried, not thrown. */
  start(): Promise<void>
  stop(): Promise<void>
  onScan(listener: (event: ScanEvent) => void): () => void
  onStatus?(listener: (status: ScannerStatus) => void): () => void
}

/**
 * Keeps a read unless the same text came from the same source less than `windowMs` before. The
 * window runs from the last read of that text, not the first: a presentation scanner re-reads a
 * card held in front of it every few hundred ms, and that card must count once, not every second.
 */
export const dedupeScans = (
  windowMs = 1000,
  now: () => number = Date.now,
): ((event: ScanEvent) => boolean) => {
  const lastSeen = new Map<string, number>()
  return (event) => {
    const at = now()
    for (const [key, seen] of lastSeen) if (at - seen >= windowMs) lastSeen.delete(key)
    const key = `${event.source}\u0000${event.text}`
    const repeated = lastSeen.has(key)
    lastSeen.set(key, at)
    return !repeated
  }
}

export type Listeners<T> = {
  add(listener: (value: T) => void): () => void
  emit(value: T): void
}

export const createListeners = <T>(): Listeners<T> => {
  const listeners = new Set<(value: T) => void>()
  return {
    add(listener) {
      // A wrapper per subscription, so subscribing the same function twice unsubscribes cleanly.
      const entry = (value: T) => listener(value)
      listeners.add(entry)
      return () => {
        listeners.delete(entry)
      }
    },
    emit(value) {
      for (const listener of [...listeners]) listener(value)
    },
  }
}

/** Delays between attempts to reopen a device: `initialMs`, doubling up to `maxMs`. */
export type RetryOptions = { initialMs?: number; maxMs?: number }

/** An open device; `close` must not fail when the device is already gone. */
export type Connection = { close(): Promise<void> }

export type KeepConnectedOptions = {
  /** Opens the device, or throws. Calls `lost` once when the open device goes away. */
  connect(lost: (message: string) => void): Promise<Connection>
  onStatus(status: ScannerStatus): void
  retry?: RetryOptions
}

const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error)

/**
 * Opens a device and reopens it whenever it goes away (unplug, cable, power) until stopped,
 * reporting each change of status once.
 */
export const keepConnected = ({ connect, onStatus, retry = {} }: KeepConnectedOptions) => {
  const initialMs = retry.initialMs ?? 250
  const maxMs = retry.maxMs ?? 5000
  let running = false
  let delayMs = initialMs
  let timer: NodeJS.Timeout | null = null
  let current: Connection | null = null
  let attempt: Promise<void> | null = null
  let generation = 0
  let lastStatus = ''

  const report = (status: ScannerStatus) => {
    const key = JSON.stringify(status)
    if (key === lastStatus) return
    lastStatus = key
    onStatus(status)
  }

  const schedule = () => {
    if (!running) return
    timer = setTimeout(() => {
      timer = null
      attempt = open()
    }, delayMs)
    delayMs = Math.min(delayMs * 2, maxMs)
  }

  const open = async () => {
    const mine = ++generation
    const lost = (message: string) => {
      if (mine !== generation || current === null) return
      current = null
      report({ state: 'disconnected', message })
      schedule()
    }
    try {
      const connection = await connect(lost)
      if (!running) {
        await connection.close()
        return
      }
      current = connection
      delayMs = initialMs
      report({ state: 'connected' })
    } catch (error) {
      report({ state: 'error', message: messageOf(error) })
      schedule()
    }
  }

  return {
    async start() {
      if (running) return
      running = true
      lastStatus = ''
      delayMs = initialMs
      attempt = open()
      await attempt
    },
    async stop() {
      running = false
      generation++
      if (timer) clearTimeout(timer)
      timer = null
      await attempt
      const connection = current
      current = null
      if (connection) await connection.close()
    },
  }
}
