import { describe, expect, it } from 'vitest'
import { loadConfig } from '../config.ts'
import { webAuthSettings } from './settings.ts'

describe('web session settings', () => {
  it('defaults to 30 min idle / 12 h for staff and 7 days / 30 days for customers', () => {
    const settings = webAuthSettings(loadConfig({}))
    expect(settings.timeouts).toEqual({
      customer: { idleSeconds: 7 * 24 * 3600, absoluteSeconds: 30 * 24 * 3600 },
      merchant: { idleSeconds: 30 * 60, absoluteSeconds: 12 * 3600 },
      admin: { idleSeconds: 30 * 60, absoluteSeconds: 12 * 3600 },
    })
    expect(settings.resetTokenSeconds).toBe(3600)
    expect(loadConfig({}).sessions.secret).toBeUndefined()
  })

  it('reads the session variables, and refuses a short SESSION_SECRET', () => {
    const config = loadConfig({
      SESSION_CUSTOMER_IDLE_MINUTES: '60',
      SESSION_CUSTOMER_MAX_DAYS: '2',
      SESSION_STAFF_IDLE_MINUTES: '15',
      SESSION_STAFF_MAX_HOURS: '8',
      SESSION_SECRET: 'k'.repeat(32),
    })
    const settings = webAuthSettings(config)
    expect(settings.timeouts.customer).toEqual({ idleSeconds: 3600, absoluteSeconds: 2 * 86400 })
    expect(settings.timeouts.admin).toEqual({ idleSeconds: 900, absoluteSeconds: 8 * 3600 })
    expect(config.sessions.secret).toBe('k'.repeat(32))
    expect(() => loadConfig({ SESSION_SECRET: 'too short' })).toThrow(/SESSION_SECRET/)
  })
})
