import { describe, it, expect } from 'vitest'
import { cooldownRetryAt, decideEarning, localDayStart, type EarnInput } from './earning-rules.ts'

const at = (iso: string): Date => new Date(iso)
const dayStart = (iso: string, timeZone: string): string =>
  localDayStart(at(iso), timeZone).toISOString()

describe('localDayStart', () => {
  it('starts a winter day in Luxembourg at 23:00 UTC the evening before', () => {
    expect(dayStart('2026-01-15T12:00:00Z', 'Europe/Luxembourg')).toBe('2026-01-14T23:00:00.000Z')
  })

  it('handles the spring-forward day (2026-03-29 lasts 23 hours)', () => {
    expect(dayStart('2026-03-29T00:30:00Z', 'Europe/Luxembourg')).toBe('2026-03-28T23:00:00.000Z')
    expect(dayStart('2026-03-29T21:59:59Z', 'Europe/Luxembourg')).toBe('2026-03-28T23:00:00.000Z')
    expect(dayStart('2026-03-29T22:00:00Z', 'Europe/Luxembourg')).toBe('2026-03-29T22:00:00.000Z')
  })

  it('handles the fall-back day (2026-10-25 lasts 25 hours)', () => {
    expect(dayStart('2026-10-25T00:30:00Z', 'Europe/Luxembourg')).toBe('2026-10-24T22:00:00.000Z')
    expect(dayStart('2026-10-25T01:30:00Z', 'Europe/Luxembourg')).toBe('2026-10-24T22:00:00.000Z')
    expect(dayStart('2026-10-25T22:59:59Z', 'Europe/Luxembourg')).toBe('2026-10-24T22:00:00.000Z')
    expect(dayStart('2026-10-25T23:00:00Z', 'Europe/Luxembourg')).toBe('2026-10-25T23:00:00.000Z')
  })

  it('returns the instant itself at exactly local midnight, and drops milliseconds before it', () => {
    expect(dayStart('2026-01-14T23:00:00.000Z', 'Europe/Luxembourg')).toBe(
      '2026-01-14T23:00:00.000Z',
    )
    expect(dayStart('2026-01-14T22:59:59.999Z', 'Europe/Luxembourg')).toBe(
      '2026-01-13T23:00:00.000Z',
    )
    expect(dayStart('2026-01-01T00:00:00.500Z', 'UTC')).toBe('2026-01-01T00:00:00.000Z')
  })

  it('handles offsets that are not whole hours', () => {
    expect(dayStart('2026-01-01T00:00:00Z', 'Asia/Kolkata')).toBe('2025-12-31T18:30:00.000Z')
    expect(dayStart('2026-01-01T00:00:00Z', 'Pacific/Chatham')).toBe('2025-12-31T10:15:00.000Z')
  })

  it('starts a day whose midnight is skipped at the first instant that exists (Santiago)', () => {
    // 2024-09-08: clocks jump from 23:59:59 -04 to 01:00 -03.
    expect(dayStart('2024-09-08T15:00:00Z', 'America/Santiago')).toBe('2024-09-08T04:00:00.000Z')
  })

  it('starts a day whose midnight happens twice at the first one (Havana)', () => {
    // 2024-11-03: clocks go back from 01:00 -04 to 00:00 -05.
    expect(dayStart('2024-11-03T05:30:00Z', 'America/Havana')).toBe('2024-11-03T04:00:00.000Z')
    expect(dayStart('2024-11-03T17:00:00Z', 'America/Havana')).toBe('2024-11-03T04:00:00.000Z')
  })

  it('refuses an unknown time zone or an invalid date', () => {
    expect(() => localDayStart(at('2026-01-01T00:00:00Z'), 'Mars/Olympus')).toThrow(RangeError)
    expect(() => localDayStart(new Date(Number.NaN), 'UTC')).toThrow(RangeError)
  })
})

describe('cooldownRetryAt', () => {
  it('is the last earning plus the cooldown', () => {
    expect(cooldownRetryAt(at('2026-05-01T10:00:00Z'), 90)).toEqual(at('2026-05-01T11:30:00Z'))
  })

  it('is null without an earlier earning or without a cooldown', () => {
    expect(cooldownRetryAt(null, 30)).toBeNull()
    expect(cooldownRetryAt(at('2026-05-01T10:00:00Z'), 0)).toBeNull()
  })

  it('refuses a negative or fractional cooldown', () => {
    expect(() => cooldownRetryAt(null, -1)).toThrow(RangeError)
    expect(() => cooldownRetryAt(null, 1.5)).toThrow(RangeError)
  })
})

const base: EarnInput = {
  kind: 'points',
  requested: 10,
  at: at('2026-05-01T12:00:00Z'),
  lastEarnAt: null,
  cooldownMinutes: 30,
  dailyCap: null,
  earnedToday: 0,
}

describe('decideEarning', () => {
  it('grants the full amount without an earlier earning or a cap', () => {
    expect(decideEarning(base)).toEqual({ ok: true, granted: 10, capped: false })
  })

  it('refuses points inside the cooldown with the retry time', () => {
    expect(decideEarning({ ...base, lastEarnAt: at('2026-05-01T11:45:00Z') })).toEqual({
      ok: false,
      code: 'POINTS_COOLDOWN',
      details: { cooldown_minutes: 30, retry_at: '2026-05-01T12:15:00.000Z' },
    })
  })

  it('refuses stamps inside the cooldown with STAMP_COOLDOWN', () => {
    const decision = decideEarning({
      ...base,
      kind: 'stamps',
      requested: 1,
      lastEarnAt: at('2026-05-01T11:59:00Z'),
    })
    expect(decision).toMatchObject({ ok: false, code: 'STAMP_COOLDOWN' })
  })

  it('grants again exactly when the cooldown ends', () => {
    expect(decideEarning({ ...base, lastEarnAt: at('2026-05-01T11:30:00Z') })).toEqual({
      ok: true,
      granted: 10,
      capped: false,
    })
    expect(decideEarning({ ...base, lastEarnAt: at('2026-05-01T11:30:00.001Z') }).ok).toBe(false)
  })

  it('treats an earning timestamped before the last one (skewed kiosk clock) as inside the cooldown', () => {
    expect(decideEarning({ ...base, lastEarnAt: at('2026-05-01T14:00:00Z') })).toEqual({
      ok: false,
      code: 'POINTS_COOLDOWN',
      details: { cooldown_minutes: 30, retry_at: '2026-05-01T14:30:00.000Z' },
    })
  })

  it('has no cooldown when cooldownMinutes is 0', () => {
    const lastEarnAt = at('2026-05-01T12:00:00Z')
    expect(decideEarning({ ...base, cooldownMinutes: 0, lastEarnAt }).ok).toBe(true)
  })

  it('trims the grant to what is left of the daily cap', () => {
    expect(decideEarning({ ...base, dailyCap: 25, earnedToday: 20 })).toEqual({
      ok: true,
      granted: 5,
      capped: true,
    })
  })

  it('grants in full when the request fits exactly under the cap', () => {
    expect(decideEarning({ ...base, dailyCap: 30, earnedToday: 20 })).toEqual({
      ok: true,
      granted: 10,
      capped: false,
    })
  })

  it('refuses with DAILY_CAP_REACHED once the cap is used up', () => {
    expect(decideEarning({ ...base, dailyCap: 25, earnedToday: 25 })).toEqual({
      ok: false,
      code: 'DAILY_CAP_REACHED',
      details: { daily_cap: 25, earned_today: 25 },
    })
    expect(decideEarning({ ...base, kind: 'stamps', dailyCap: 0, earnedToday: 0 })).toMatchObject({
      ok: false,
      code: 'DAILY_CAP_REACHED',
    })
  })

  it('checks the cooldown before the cap', () => {
    const decision = decideEarning({
      ...base,
      lastEarnAt: at('2026-05-01T11:59:00Z'),
      dailyCap: 5,
      earnedToday: 5,
    })
    expect(decision).toMatchObject({ ok: false, code: 'POINTS_COOLDOWN' })
  })

  it('grants 0 for a purchase worth nothing, whatever the cooldown and cap', () => {
    expect(
      decideEarning({
        ...base,
        requested: 0,
        lastEarnAt: at('2026-05-01T11:59:00Z'),
        dailyCap: 5,
        earnedToday: 5,
      }),
    ).toEqual({ ok: true, granted: 0, capped: false })
  })

  it('refuses negative or fractional amounts and invalid dates', () => {
    expect(() => decideEarning({ ...base, requested: -1 })).toThrow(RangeError)
    expect(() => decideEarning({ ...base, requested: 1.5 })).toThrow(RangeError)
    expect(() => decideEarning({ ...base, earnedToday: -1 })).toThrow(RangeError)
    expect(() => decideEarning({ ...base, dailyCap: 2.5 })).toThrow(RangeError)
    expect(() => decideEarning({ ...base, at: new Date(Number.NaN) })).toThrow(RangeError)
  })
})
