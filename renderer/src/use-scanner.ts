import { useEffect, useRef } from 'react'
import { createWedgeDetector } from '../../shared/keyboard-wedge.ts'

const replayed = new WeakSet<Event>()

const isTextField = (target: EventTarget | null) =>
  target instanceof HTMLInputElement ||
  target instanceof HTMLTextAreaElement ||
  target instanceof HTMLSelectElement

/**
 * The keyboard-wedge scanner: a scanner "types" a whole code in a burst and presses Enter. Keys
 * are held for a few milliseconds to tell a burst from a person; a person's keys are replayed to
 * the page in order, a burst becomes one scan. In a text field nothing is intercepted: a scan
 * there types into the field like the scanner always did (the card-number field then opens it).
 */
export const useWedgeScanner = (onScan: (text: string, startedAt: number) => void) => {
  const handler = useRef(onScan)
  handler.current = onScan

  useEffect(() => {
    const detector = createWedgeDetector()
    let flushTimer: ReturnType<typeof setTimeout> | null = null

    const replay = (keys: { key: string }[]) => {
      for (const { key } of keys) {
        const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true })
        replayed.add(event)
        window.dispatchEvent(event)
      }
    }

    const onKeyDown = (event: KeyboardEvent) => {
      if (replayed.has(event) || isTextField(event.target) || event.ctrlKey || event.metaKey) return
      const now = performance.now()
      const result = detector.push({ key: event.key, at: now })
      if (result.release.length > 0) replay(result.release)
      if (result.swallow) {
        event.preventDefault()
        event.stopImmediatePropagation()
      }
      if (result.scan) {
        handler.current(result.scan.text, now)
      }
      if (flushTimer) clearTimeout(flushTimer)
      flushTimer = setTimeout(() => {
        const released = detector.flush(performance.now())
        if (released.length > 0) replay(released)
      }, 40)
    }
    window.addEventListener('keydown', onKeyDown, { capture: true })
    return () => {
      window.removeEventListener('keydown', onKeyDown, { capture: true })
      if (flushTimer) clearTimeout(flushTimer)
    }
  }, [])
}

/** Calls `onIdle` once no key or touch happened for `minutes` (while `active`). */
export const useIdle = (active: boolean, minutes: number, onIdle: () => void) => {
  const last = useRef(Date.now())
  const handler = useRef(onIdle)
  handler.current = onIdle
  useEffect(() => {
    if (!active) return
    last.current = Date.now()
    const touch = () => (last.current = Date.now())
    const events = ['pointerdown', 'keydown', 'wheel'] as const
    for (const name of events) window.addEventListener(name, touch, { capture: true })
    const timer = setInterval(() => {
      if (Date.now() - last.current >= minutes * 60_000) handler.current()
    }, 1_000)
    return () => {
      for (const name of events) window.removeEventListener(name, touch, { capture: true })
      clearInterval(timer)
    }
  }, [active, minutes])
}
