import { describe, it, expect } from 'vitest'
import { pointsForAmount } from './points.ts'

describe('pointsForAmount', () => {
  it('rounds down to whole points', () => {
    expect(pointsForAmount(999, 1)).toBe(9)
    expect(pointsForAmount(1, 150)).toBe(1)
    expect(pointsForAmount(50, 1)).toBe(0)
    expect(pointsForAmount(199, 150)).toBe(298) // 298.5
  })

  it('gives exact points for whole currency units', () => {
    expect(pointsForAmount(1000, 1)).toBe(10)
    expect(pointsForAmount(2500, 3)).toBe(75)
  })

  it('gives nothing for a zero amount or a zero rate', () => {
    expect(pointsForAmount(0, 10)).toBe(0)
    expect(pointsForAmount(12_345, 0)).toBe(0)
  })

  it('stays exact where the float product would lose precision', () => {
    // 9_007_199_254_740_991 × 7 overflows a double's integer range; the quotient does not.
    expect(pointsForAmount(Number.MAX_SAFE_INTEGER, 7)).toBe(
      Number((BigInt(Number.MAX_SAFE_INTEGER) * 7n) / 100n),
    )
    expect(pointsForAmount(Number.MAX_SAFE_INTEGER, 100)).toBe(Number.MAX_SAFE_INTEGER)
  })

  it('refuses a result above Number.MAX_SAFE_INTEGER', () => {
    expect(() => pointsForAmount(Number.MAX_SAFE_INTEGER, 101)).toThrow(RangeError)
  })

  it('refuses negative, fractional and non-finite inputs', () => {
    for (const [amount, rate] of [
      [-1, 1],
      [1, -1],
      [9.99, 1],
      [100, 1.5],
      [Number.NaN, 1],
      [100, Number.POSITIVE_INFINITY],
      [Number.MAX_SAFE_INTEGER + 1, 1],
    ] as const) {
      expect(() => pointsForAmount(amount, rate), `${amount}, ${rate}`).toThrow(RangeError)
    }
  })
})
