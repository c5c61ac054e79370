import { describe, expect, it } from 'vitest'
import { backoffDelay } from './backoff.ts'

describe('sync backoff', () => {
  it('doubles up to the ceiling, with jitter in the upper half of each step', () => {
    const options = { initialMs: 1_000, maxMs: 8_000 }
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(n, options, () => 1))).toEqual([
      1_000, 2_000, 4_000, 8_000, 8_000,
    ])
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(n, options, () => 0))).toEqual([
      500, 1_000, 2_000, 4_000, 4_000,
    ])
  })
})
