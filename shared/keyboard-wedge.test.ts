import { describe, expect, it } from 'vitest'
import { createWedgeDetector, detectBursts, type TimedKey } from './keyboard-wedge.ts'

const CARD_URL = 'https://fashionhub.rewardflow.lu/c/482910375561'

/** The keys of `text` then `end`, one every `gapMs` from `start`. */
const typed = (text: string, start: number, gapMs: number, end?: string): TimedKey[] => {
  const keys = [...text, ...(end ? [end] : [])]
  return keys.map((key, i) => ({ key, at: start + i * gapMs }))
}

const keysOf = (events: TimedKey[]) => events.map((event) => event.key).join('')

describe('detectBursts', () => {
  it('reads a fast burst ended by Enter and leaves nothing to the UI', () => {
    const { scans, passed } = detectBursts(typed('4829103755610', 1000, 8, 'Enter'))
    expect(scans).toEqual([{ text: '4829103755610', at: 1000 + 13 * 8 }])
    expect(passed).toEqual([])
  })

  it('reads a card URL with the Shift presses a scanner sends for capitals and colons', () => {
    const events = typed(CARD_URL, 0, 10, 'Enter').flatMap((event) =>
      event.key === ':' ? [{ key: 'Shift', at: event.at - 2 }, event] : [event],
    )
    expect(detectBursts(events).scans).toEqual([{ text: CARD_URL, at: CARD_URL.length * 10 }])
  })

  it('ends a read on Tab too, and on the terminators configured', () => {
    expect(detectBursts(typed('4829103755610', 0, 5, 'Tab')).scans).toHaveLength(1)
    const custom = detectBursts(typed('4829103755610', 0, 5, 'Tab'), { terminators: ['Enter'] })
    expect(custom.scans).toEqual([])
    expect(keysOf(custom.passed)).toBe('4829103755610Tab')
  })

  it('passes a person typing slowly through, in order', () => {
    const { scans, passed } = detectBursts(typed('Marie', 0, 180, 'Enter'))
    expect(scans).toEqual([])
    expect(keysOf(passed)).toBe('MarieEnter')
  })

  it('passes a short fast burst through: fewer characters than a read has', () => {
    const { scans, passed } = detectBursts(typed('abc', 0, 10, 'Enter'))
    expect(scans).toEqual([])
    expect(keysOf(passed)).toBe('abcEnter')
  })

  it('starts over after a gap: keys before it are a person, keys after it the scanner', () => {
    const person = typed('42', 0, 200)
    const scanner = typed('4829103755610', 600, 8, 'Enter')
    const { scans, passed } = detectBursts([...person, ...scanner])
    expect(scans).toEqual([{ text: '4829103755610', at: 600 + 13 * 8 }])
    expect(keysOf(passed)).toBe('42')
  })

  it('gives up a burst that slows down and passes its keys through', () => {
    const fast = typed('482910', 0, 8)
    const slow = typed('3755610', 200, 150, 'Enter')
    const { scans, passed } = detectBursts([...fast, ...slow])
    expect(scans).toEqual([])
    expect(keysOf(passed)).toBe('4829103755610Enter')
  })

  it('reads the 35 ms gap as the limit by default and takes another one', () => {
    expect(detectBursts(typed('4829103755610', 0, 35, 'Enter')).scans).toHaveLength(1)
    expect(detectBursts(typed('4829103755610', 0, 36, 'Enter')).scans).toEqual([])
    expect(detectBursts(typed('4829103755610', 0, 50, 'Enter'), { maxGapMs: 60 }).scans).toEqual([
      { text: '4829103755610', at: 650 },
    ])
  })

  it('takes another minimum length', () => {
    expect(detectBursts(typed('12345', 0, 5, 'Enter')).scans).toEqual([])
    expect(detectBursts(typed('12345', 0, 5, 'Enter'), { minLength: 4 }).scans).toHaveLength(1)
  })

  it('reads two scans in a row', () => {
    const first = typed('4829103755610', 0, 5, 'Enter')
    const second = typed('4829103755611', 100, 5, 'Enter')
    expect(detectBursts([...first, ...second]).scans.map((scan) => scan.text)).toEqual([
      '4829103755610',
      '4829103755611',
    ])
  })

  it('releases held keys before a named key such as Backspace, which passes', () => {
    const { passed } = detectBursts([
      ...typed('ab', 0, 10),
      { key: 'Backspace', at: 25 },
      { key: 'c', at: 300 },
    ])
    expect(keysOf(passed)).toBe('abBackspacec')
  })
})

describe('createWedgeDetector', () => {
  it('swallows the keys of a burst and hands over the read on Enter', () => {
    const detector = createWedgeDetector()
    const results = typed('4829103755610', 0, 10, 'Enter').map((event) => detector.push(event))
    expect(results.every((result) => result.swallow && result.release.length === 0)).toBe(true)
    expect(results.at(-1)?.scan).toEqual({ text: '4829103755610', at: 130 })
  })

  it('releases a held key on the next slow key, or on flush once the gap has passed', () => {
    const detector = createWedgeDetector()
    expect(detector.push({ key: 'M', at: 0 })).toEqual({ swallow: true, release: [], scan: null })
    expect(detector.push({ key: 'a', at: 300 })).toEqual({
      swallow: true,
      release: [{ key: 'M', at: 0 }],
      scan: null,
    })
    expect(detector.flush(320)).toEqual([])
    expect(detector.flush(336)).toEqual([{ key: 'a', at: 300 }])
    expect(detector.flush(400)).toEqual([])
  })

  it('lets Enter through after a person typed, releasing what was held first', () => {
    const detector = createWedgeDetector()
    detector.push({ key: '7', at: 0 })
    expect(detector.push({ key: 'Enter', at: 400 })).toEqual({
      swallow: false,
      release: [{ key: '7', at: 0 }],
      scan: null,
    })
  })
})
