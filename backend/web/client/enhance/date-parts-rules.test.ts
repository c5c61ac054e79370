import { describe, expect, it } from 'vitest'
import { isPartComplete, splitPastedDate } from './date-parts-rules.ts'

describe('isPartComplete', () => {
  it('moves on after two digits of a day or month and four of a year', () => {
    expect(isPartComplete('day', '14')).toBe(true)
    expect(isPartComplete('month', '07')).toBe(true)
    expect(isPartComplete('year', '1990')).toBe(true)
    expect(isPartComplete('year', '199')).toBe(false)
  })

  it('moves on after one digit that cannot start a longer day or month', () => {
    expect(isPartComplete('day', '4')).toBe(true)
    expect(isPartComplete('day', '3')).toBe(false)
    expect(isPartComplete('day', '0')).toBe(false)
    expect(isPartComplete('month', '2')).toBe(true)
    expect(isPartComplete('month', '1')).toBe(false)
  })

  it('never moves on from something that is not a number', () => {
    expect(isPartComplete('day', '')).toBe(false)
    expect(isPartComplete('day', 'a1')).toBe(false)
    expect(isPartComplete('year', '19 0')).toBe(false)
  })
})

describe('splitPastedDate', () => {
  it('spreads a pasted date over the parts in the order the page shows them', () => {
    expect(splitPastedDate('14/07/1990', ['day', 'month', 'year'])).toEqual({
      day: '14',
      month: '07',
      year: '1990',
    })
    expect(splitPastedDate('7.14.1990', ['month', 'day', 'year'])).toEqual({
      month: '7',
      day: '14',
      year: '1990',
    })
  })

  it('reads a date that starts with a four-digit year as year, month, day', () => {
    expect(splitPastedDate('1990-07-14', ['day', 'month', 'year'])).toEqual({
      year: '1990',
      month: '07',
      day: '14',
    })
  })

  it('leaves anything that is not three numbers to the browser', () => {
    expect(splitPastedDate('14', ['day', 'month', 'year'])).toBeNull()
    expect(splitPastedDate('14 juillet 1990', ['day', 'month', 'year'])).toBeNull()
    expect(splitPastedDate('1/2/3/4', ['day', 'month', 'year'])).toBeNull()
  })
})
