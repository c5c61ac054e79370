import { describe, expect, it, vi } from 'vitest'
import { createIdleLock } from './idle-lock.ts'

const setup = (minutes = 5) => {
  const state = { idle: 0, minutes, locks: 0 }
  const idleLock = createIdleLock({
    idleSeconds: () => state.idle,
    idleLockMinutes: () => state.minutes,
    lock: () => {
      state.locks += 1
    },
  })
  return { state, idleLock }
}

describe('createIdleLock', () => {
  it('locks once the kiosk has been idle for the configured minutes', async () => {
    const { state, idleLock } = setup(5)
    state.idle = 299
    expect(await idleLock.check()).toBe(false)
    state.idle = 300
    expect(await idleLock.check()).toBe(true)
    expect(state.locks).toBe(1)
  })

  it('locks once per idle spell, and again after the kiosk was used', async () => {
    const { state, idleLock } = setup(1)
    state.idle = 61
    await idleLock.check()
    state.idle = 600
    await idleLock.check()
    expect(state.locks).toBe(1)
    state.idle = 2
    await idleLock.check()
    state.idle = 60
    await idleLock.check()
    expect(state.locks).toBe(2)
  })

  it('follows a change of the setting without a restart', async () => {
    const { state, idleLock } = setup(10)
    state.idle = 180
    expect(await idleLock.check()).toBe(false)
    state.minutes = 3
    expect(await idleLock.check()).toBe(true)
  })

  it('checks on a timer until stopped', async () => {
    vi.useFakeTimers()
    try {
      const { state, idleLock } = setup(1)
      state.idle = 120
      idleLock.start()
      await vi.advanceTimersByTimeAsync(15_000)
      expect(state.locks).toBe(1)
      idleLock.stop()
      state.idle = 0
      await vi.advanceTimersByTimeAsync(15_000)
      state.idle = 120
      await vi.advanceTimersByTimeAsync(60_000)
      expect(state.locks).toBe(1)
    } finally {
      vi.useRealTimers()
    }
  })
})
