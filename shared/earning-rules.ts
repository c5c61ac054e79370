/**
 * Cooldown and daily cap: they apply to stamps and points alike, on the server and on a kiosk
 * that is offline, so both call these functions.
 */
import type { CooldownDetails } from './errors.ts'

const MINUTE_MS = 60_000
const DAY_MS = 86_400_000

const formatters = new Map<string, Intl.DateTimeFormat>()

const formatterFor = (timeZone: string): Intl.DateTimeFormat => {
  let formatter = formatters.get(timeZone)
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      calendar: 'gregory',
      numberingSystem: 'latn',
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
    formatters.set(timeZone, formatter)
  }
  return formatter
}

type WallTime = {
  year: number
  month: number
  day: number
  hour: number
  minute: number
  second: number
}

const wallTime = (formatter: Intl.DateTimeFormat, epochMs: number): WallTime => {
  const wall: WallTime = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 }
  for (const part of formatter.formatToParts(epochMs)) {
    if (part.type in wall) wall[part.type as keyof WallTime] = Number(part.value)
  }
  // Older engines print midnight as 24 despite hourCycle h23.
  if (wall.hour === 24) wall.hour = 0
  return wall
}

const wallAsUtc = (w: WallTime): number =>
  Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second)

/** Offset of the zone at an instant, in ms (local wall time minus UTC), at second precision. */
const offsetAt = (formatter: Intl.DateTimeFormat, epochMs: number): number =>
  wallAsUtc(wallTime(formatter, epochMs)) - Math.floor(epochMs / 1000) * 1000

const isSameDay = (a: WallTime, b: WallTime): boolean =>
  a.year === b.year && a.month === b.month && a.day === b.day

const isMidnightOf = (w: WallTime, day: WallTime): boolean =>
  isSameDay(w, day) && w.hour === 0 && w.minute === 0 && w.second === 0

/**
 * The instant the local calendar day containing `at` begins in the IANA `timeZone`. Correct
 * across DST changes; where a zone skips midnight, the day begins at the first instant that
 * exists. Throws RangeError for an unknown time zone or an invalid date.
 */
export const localDayStart = (at: Date, timeZone: string): Date => {
  const atMs = at.getTime()
  if (Number.isNaN(atMs)) throw new RangeError('localDayStart needs a valid date')
  const formatter = formatterFor(timeZone)
  const day = wallTime(formatter, atMs)
  const midnightAsUtc = Date.UTC(day.year, day.month - 1, day.day)

  // Any offset change near that midnight is bracketed by the offsets a day either side of it
  // (the approach of Temporal's GetPossibleEpochNanoseconds).
  const offsetBefore = offsetAt(formatter, midnightAsUtc - DAY_MS)
  const offsetAfter = offsetAt(formatter, midnightAsUtc + DAY_MS)
  const [first, second] = [...new Set([midnightAsUtc - offsetBefore, midnightAsUtc - offsetAfter])]
    .filter((candidate) => candidate <= atMs && isMidnightOf(wallTime(formatter, candidate), day))
    .sort((a, b) => a - b)
  // Midnight occurs twice where clocks go back to it (Cuba: 01:00 → 00:00). The day began at
  // the first one, unless the clocks went back across midnight, leaving the previous day between.
  if (second !== undefined && !isSameDay(wallTime(formatter, second - 1000), day)) {
    return new Date(second)
  }
  if (first !== undefined) return new Date(first)

  // Midnight was skipped: find the first second whose local date is already `day`.
  let before = Math.floor((midnightAsUtc - Math.max(offsetBefore, offsetAfter)) / 1000) - 1
  let after = Math.ceil(Math.min(atMs, midnightAsUtc - Math.min(offsetBefore, offsetAfter)) / 1000)
  while (after - before > 1) {
    const mid = Math.floor((before + after) / 2)
    if (isSameDay(wallTime(formatter, mid * 1000), day)) after = mid
    else before = mid
  }
  return new Date(after * 1000)
}

const requireNonNegativeInteger = (name: string, value: number): void => {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative safe integer, got ${value}`)
  }
}

/** When the card may earn again; null when there is no earlier earning or no cooldown. */
export const cooldownRetryAt = (lastEarnAt: Date | null, cooldownMinutes: number): Date | null => {
  requireNonNegativeInteger('cooldownMinutes', cooldownMinutes)
  if (lastEarnAt === null || cooldownMinutes === 0) return null
  return new Date(lastEarnAt.getTime() + cooldownMinutes * MINUTE_MS)
}

export type EarnKind = 'points' | 'stamps'

export type EarnInput = {
  kind: EarnKind
  /** Points or stamps the purchase is worth, before the cap. */
  requested: number
  /** When the earning happens (the kiosk's clock when offline). */
  at: Date
  /** The card's most recent earning that granted something; null if none. */
  lastEarnAt: Date | null
  /** 0 means no cooldown. */
  cooldownMinutes: number
  /** Per card per local day; null means no cap. */
  dailyCap: number | null
  /** Already earned on this card since localDayStart(at, merchant's time zone). */
  earnedToday: number
}

export type EarnDecision =
  | { ok: true; granted: number; capped: boolean }
  | { ok: false; code: 'POINTS_COOLDOWN' | 'STAMP_COOLDOWN'; details: CooldownDetails }
  | { ok: false; code: 'DAILY_CAP_REACHED'; details: { daily_cap: number; earned_today: number } }

/**
 * Whether a card may earn now and how much. Cooldown is checked first, then the daily cap,
 * which trims the grant rather than refusing it while anything is left. A request worth 0
 * (a 50-cent purchase) is granted 0 without touching either rule; callers should not treat it
 * as an earning that starts a cooldown. Throws RangeError on invalid numbers or dates.
 */
export const decideEarning = (input: EarnInput): EarnDecision => {
  const { kind, requested, at, lastEarnAt, cooldownMinutes, dailyCap, earnedToday } = input
  requireNonNegativeInteger('requested', requested)
  requireNonNegativeInteger('earnedToday', earnedToday)
  if (dailyCap !== null) requireNonNegativeInteger('dailyCap', dailyCap)
  if (Number.isNaN(at.getTime())) throw new RangeError('decideEarning needs a valid `at`')
  if (lastEarnAt !== null && Number.isNaN(lastEarnAt.getTime())) {
    throw new RangeError('decideEarning needs a valid `lastEarnAt`')
  }
  const retryAt = cooldownRetryAt(lastEarnAt, cooldownMinutes)

  if (requested === 0) return { ok: true, granted: 0, capped: false }

  // An `at` before lastEarnAt (a kiosk clock behind the server's) is inside the cooldown too.
  if (retryAt !== null && at.getTime() < retryAt.getTime()) {
    return {
      ok: false,
      code: kind === 'points' ? 'POINTS_COOLDOWN' : 'STAMP_COOLDOWN',
      details: { cooldown_minutes: cooldownMinutes, retry_at: retryAt.toISOString() },
    }
  }

  if (dailyCap === null) return { ok: true, granted: requested, capped: false }
  if (earnedToday >= dailyCap) {
    return {
      ok: false,
      code: 'DAILY_CAP_REACHED',
      details: { daily_cap: dailyCap, earned_today: earnedToday },
    }
  }
  const granted = Math.min(requested, dailyCap - earnedToday)
  return { ok: true, granted, capped: granted < requested }
}
