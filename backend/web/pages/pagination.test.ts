import { describe, expect, it } from 'vitest'
import { pageWindow } from './pagination.tsx'

describe('page window of the history', () => {
  it('offers every page when there are few', () => {
    expect(pageWindow(1, 1)).toEqual([1])
    expect(pageWindow(2, 4)).toEqual([1, 2, 3, 4])
  })

  it('keeps the first, the last and two neighbours, with gaps between', () => {
    expect(pageWindow(1, 20)).toEqual([1, 2, 3, null, 20])
    expect(pageWindow(10, 20)).toEqual([1, null, 8, 9, 10, 11, 12, null, 20])
    expect(pageWindow(20, 20)).toEqual([1, null, 18, 19, 20])
  })

  it('never leaves a gap of a single page', () => {
    expect(pageWindow(4, 8)).toEqual([1, 2, 3, 4, 5, 6, 7, 8])
    expect(pageWindow(5, 9)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9])
  })
})
