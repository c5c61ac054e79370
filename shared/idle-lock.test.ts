import { describe, expect, it } from 'vitest'
import { kioskIdleLockMinutes } from './idle-lock.ts'

describe('the kiosk idle lock', () => {
  it("never waits longer than the merchant's maximum", () => {
    expect(kioskIdleLockMinutes(15, 5)).toBe(5)
  })

  it('locks sooner when the device asks for less', () => {
    expect(kioskIdleLockMinutes(2, 10)).toBe(2)
  })

  it("keeps the device's minutes before the first sync has told the merchant's", () => {
    expect(kioskIdleLockMinutes(7, null)).toBe(7)
  })
})
