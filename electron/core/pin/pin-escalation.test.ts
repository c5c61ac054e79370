import { describe, expect, it } from 'vitest'
import { delayAfter, pinLock } from './pin-escalation.ts'

describe('delayAfter', () => {
  it('lets the first two failures go, then waits 30 s doubling, and locks from the 10th', () => {
    const seconds = Array.from({ length: 12 }, (_, i) => {
      const delay = delayAfter(i)
      return delay === null ? 'locked' : delay / 1000
    })
    expect(seconds).toEqual([0, 0, 0, 30, 60, 120, 240, 480, 960, 1920, 'locked', 'locked'])
  })
})

describe('pinLock', () => {
  const failedAt = new Date('2026-03-01T09:00:00.000Z')
  const later = (seconds: number) => new Date(failedAt.getTime() + seconds * 1000)

  it('is open below three failures', () => {
    expect(pinLock(2, failedAt, failedAt)).toEqual({ state: 'open' })
  })

  it('delays until the wait has passed since the last failure', () => {
    expect(pinLock(4, failedAt, later(59))).toEqual({ state: 'delayed', retryAt: later(60) })
    expect(pinLock(4, failedAt, later(60))).toEqual({ state: 'open' })
  })

  it('stays locked after ten failures however long ago', () => {
    expect(pinLock(10, failedAt, later(86_400 * 365))).toEqual({ state: 'locked' })
  })
})
