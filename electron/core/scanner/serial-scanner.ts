/**
 * A scanner on a serial port: RS-232, or USB-CDC ("USB COM port emulation"; /dev/ttyACM0 on
 * Linux). It sends each read as text followed by a suffix, usually CR.
 */
import { StringDecoder } from 'node:string_decoder'
import { SerialPort } from 'serialport'
import {
  createListeners,
  dedupeScans,
  keepConnected,
  type RetryOptions,
  type ScanEvent,
  type ScanSource,
  type ScannerStatus,
} from './scan-source.ts'

export type SerialScannerOptions = {
  /** `/dev/ttyACM0`, `/dev/serial/by-id/usb-…`, `COM3` … */
  path: string
  baudRate?: number
  /** What the scanner sends after each read: `'\r'` (default), `'\n'`, `'\r\n'` or any string. */
  suffix?: string
  retry?: RetryOptions
  /** Repeats of a read within this window count once (see `dedupeScans`); 0 keeps every read. */
  dedupeWindowMs?: number
  now?: () => number
}

/** Past this many characters without a suffix the scanner's suffix is wrong: drop the buffer. */
const MAX_LINE_LENGTH = 4096

const STRAY_LINE_BREAKS = /^[\r\n]+|[\r\n]+$/g

/**
 * Cuts a stream of text into reads at `suffix`. Stray CR/LF around a read (a scanner sending
 * CRLF to a splitter set to CR) are trimmed and empty reads dropped.
 */
export const createLineSplitter = (suffix: string) => {
  if (suffix === '') throw new Error('A serial scanner needs a non-empty suffix')
  let pending = ''
  return {
    push(chunk: string): string[] {
      pending += chunk
      const parts = pending.split(suffix)
      pending = parts.pop() ?? ''
      if (pending.length > MAX_LINE_LENGTH) pending = ''
      return parts.map((part) => part.replace(STRAY_LINE_BREAKS, '')).filter((line) => line !== '')
    },
  }
}

const openPort = (port: SerialPort) =>
  new Promise<void>((resolve, reject) => {
    port.open((error) => (error ? reject(error) : resolve()))
  })

const closePort = (port: SerialPort) =>
  new Promise<void>((resolve) => {
    if (!port.isOpen) return resolve()
    // An unplugged port may fail to close; it is gone either way.
    port.close(() => resolve())
  })

export const createSerialScanner = (options: SerialScannerOptions): ScanSource => {
  const { path, baudRate = 9600, suffix = '\r', dedupeWindowMs = 1000, now = Date.now } = options
  if (suffix === '') throw new Error('A serial scanner needs a non-empty suffix')
  const id = `serial:${path}`
  const scans = createListeners<ScanEvent>()
  const statuses = createListeners<ScannerStatus>()
  const isNew = dedupeScans(dedupeWindowMs, now)

  const link = keepConnected({
    retry: options.retry,
    onStatus: statuses.emit,
    async connect(lost) {
      const port = new SerialPort({ path, baudRate, autoOpen: false })
      // Until the port is open, failures reach the open callback; an 'error' event without a
      // listener would throw.
      port.on('error', () => {})
      await openPort(port)
      // A new splitter per connection: half a read from before an unplug is not a read.
      const splitter = createLineSplitter(suffix)
      const decoder = new StringDecoder('utf8')
      port.on('data', (chunk: Buffer) => {
        for (const text of splitter.push(decoder.write(chunk))) {
          const event = { text, source: id, at: now() }
          if (isNew(event)) scans.emit(event)
        }
      })
      port.on('close', (error: Error | null) => {
        lost(error?.message ?? 'port closed')
      })
      port.removeAllListeners('error')
      port.on('error', (error: Error) => {
        lost(error.message)
        void closePort(port)
      })
      return {
        async close() {
          port.removeAllListeners('close')
          await closePort(port)
        },
      }
    },
  })

  return {
    id,
    start: link.start,
    stop: link.stop,
    onScan: scans.add,
    onStatus: statuses.add,
  }
}
