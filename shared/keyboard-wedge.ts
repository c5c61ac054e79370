/**
 * Tells a barcode scanner in keyboard-wedge mode from a person at the keyboard. The scanner
 * "types" a whole read in a burst, a few ms per key, and ends it with Enter (or Tab); a person
 * types far slower. Pure: the renderer feeds it `KeyboardEvent.key` values with timestamps.
 *
 * Since the first key of a burst looks like any key, every character key is held back until the
 * next one shows what it was: part of a burst (swallowed; on the terminator, a read) or typed by
 * a person (released, for the UI to replay in order). `flush` releases keys held longer than the
 * gap, so the UI calls it from a timer `maxGapMs` after the last key.
 */

export type TimedKey = { key: string; at: number }

export type WedgeScan = { text: string; at: number }

export type WedgeResult = {
  /** The UI should stop this key's default action: it is held, or ends a read. */
  swallow: boolean
  /** Keys held earlier that a person typed: the UI replays them, in order, before this key. */
  release: TimedKey[]
  /** The read this key completed, when it is the terminator of a burst. */
  scan: WedgeScan | null
}

export type WedgeOptions = {
  /** Longest pause between two keys of one burst (ms). Scanners need 5–30. */
  maxGapMs?: number
  /** Fewest characters a read has: shorter fast bursts are a person's quick fingers. */
  minLength?: number
  /** Keys that end a read. */
  terminators?: readonly string[]
}

/** Keys that change no text and break no burst (scanners press Shift for capitals). */
const MODIFIERS = new Set(['Shift', 'Control', 'Alt', 'AltGraph', 'Meta', 'CapsLock', 'Dead'])

const isCharacter = (key: string) => [...key].length === 1

export const createWedgeDetector = ({
  maxGapMs = 35,
  minLength = 6,
  terminators = ['Enter', 'Tab'],
}: WedgeOptions = {}) => {
  let held: TimedKey[] = []

  const releaseAll = () => {
    const released = held
    held = []
    return released
  }

  return {
    push(event: TimedKey): WedgeResult {
      const last = held.at(-1)
      const inBurst = last !== undefined && event.at - last.at <= maxGapMs

      if (MODIFIERS.has(event.key)) return { swallow: inBurst, release: [], scan: null }

      if (terminators.includes(event.key)) {
        if (inBurst && held.length >= minLength) {
          const text = held.map((key) => key.key).join('')
          held = []
          return { swallow: true, release: [], scan: { text, at: event.at } }
        }
        return { swallow: false, release: releaseAll(), scan: null }
      }

      if (!isCharacter(event.key)) return { swallow: false, release: releaseAll(), scan: null }

      const release = inBurst ? [] : releaseAll()
      held.push(event)
      return { swallow: true, release, scan: null }
    },

    /** Releases the held keys once `maxGapMs` passed since the last: no burst follows them. */
    flush(now: number): TimedKey[] {
      const last = held.at(-1)
      return last !== undefined && now - last.at > maxGapMs ? releaseAll() : []
    },
  }
}

/** Runs a whole sequence through a detector: the reads found, and the keys left to the UI. */
export const detectBursts = (events: readonly TimedKey[], options?: WedgeOptions) => {
  const detector = createWedgeDetector(options)
  const scans: WedgeScan[] = []
  const passed: TimedKey[] = []
  for (const event of events) {
    const result = detector.push(event)
    passed.push(...result.release)
    if (!result.swallow) passed.push(event)
    if (result.scan) scans.push(result.scan)
  }
  passed.push(...detector.flush(Number.POSITIVE_INFINITY))
  return { scans, passed }
}
