import { beforeAll, describe, expect, it } from 'vitest'
import { useTestDatabase } from '../test/test-database.ts'
import { buildMerchant } from '../test/factories.ts'
import type { AccountRef } from './accounts.ts'
import {
  createSession,
  destroyAccountSessions,
  destroySession,
  findSession,
  purgeExpiredSessions,
  rotateSession,
  TOUCH_AFTER_SECONDS,
} from './session-store.ts'
import { hashToken } from '../security/tokens.ts'
import { ageSession, buildAdminAccount, buildCustomerAccount } from '../test/test-accounts.ts'

const db = useTestDatabase()

const timeouts = { idleSeconds: 30 * 60, absoluteSeconds: 12 * 3600 }
let admin: AccountRef
let customer: AccountRef

beforeAll(async () => {
  admin = (await buildAdminAccount(db.knex)).account
  customer = (await buildCustomerAccount(db.knex, await buildMerchant(db.knex))).account
})

const find = (token: string, audience: 'admin' | 'customer' = 'admin') =>
  findSession(db.knex, { token, audience, timeouts })

describe('web sessions', () => {
  it('stores only the SHA-256 of the token', async () => {
    const session = await createSession(db.knex, { account: admin, timeouts, ip: '192.0.2.1' })
    const row = await db.knex('web_sessions').where('id', session.id).first()
    expect(row.token_hash).toBe(hashToken(session.token))
    expect(JSON.stringify(row)).not.toContain(session.token)
    expect(row).toMatchObject({ audience: 'admin', platform_admin_id: admin.id, ip: '192.0.2.1' })
  })

  it('finds a live session of its audience only, with its account and CSRF token', async () => {
    const session = await createSession(db.knex, { account: customer, timeouts })
    const found = await find(session.token, 'customer')
    expect(found).toMatchObject({ id: session.id, account: customer, csrfToken: session.csrfToken })
    expect(await find(session.token, 'admin')).toBeNull()
    expect(await find('not-a-token')).toBeNull()
  })

  it('gives every session its own creation time (database now() per row)', async () => {
    const first = await createSession(db.knex, { account: admin, timeouts })
    await new Promise((resolve) => setTimeout(resolve, 20))
    const second = await createSession(db.knex, { account: admin, timeouts })
    const rows = await db.knex('web_sessions').whereIn('id', [first.id, second.id])
    expect(new Set(rows.map((r) => r.created_at.getTime())).size).toBe(2)
  })

  it('moves the idle end forward with activity, never past the absolute end', async () => {
    const session = await createSession(db.knex, { account: admin, timeouts })
    await ageSession(db.knex, session.id, 20 * 60)
    const before = await db.knex('web_sessions').where('id', session.id).first()
    const found = await find(session.token)
    expect(found!.idleExpiresAt.getTime()).toBeGreaterThan(before.idle_expires_at.getTime())
    // Ten minutes before the absolute end, activity moves the idle end up to it, not beyond.
    await ageSession(db.knex, session.id, 12 * 3600 - 30 * 60)
    await db
      .knex('web_sessions')
      .where('id', session.id)
      .update({
        last_seen_at: db.knex.raw(`now() - interval '2 minutes'`),
        idle_expires_at: db.knex.raw(`now() + interval '1 minute'`),
      })
    const late = await find(session.token)
    expect(late!.idleExpiresAt.getTime()).toBe(late!.absoluteExpiresAt.getTime())
  })

  it('writes activity at most once a minute', async () => {
    const session = await createSession(db.knex, { account: admin, timeouts })
    const seen = async () =>
      (await db.knex('web_sessions').where('id', session.id).first()).last_seen_at.getTime()
    const first = await seen()
    await find(session.token)
    expect(await seen()).toBe(first)
    await ageSession(db.knex, session.id, TOUCH_AFTER_SECONDS + 1)
    const aged = await seen()
    await find(session.token)
    expect(await seen()).toBeGreaterThan(aged)
  })

  it('ends a session after the idle timeout, and deletes it', async () => {
    const session = await createSession(db.knex, { account: admin, timeouts })
    await ageSession(db.knex, session.id, 29 * 60)
    expect(await find(session.token)).not.toBeNull()
    await ageSession(db.knex, session.id, 31 * 60)
    expect(await find(session.token)).toBeNull()
    expect(await db.knex('web_sessions').where('id', session.id).first()).toBeUndefined()
  })

  it('ends a session at the absolute timeout however active it is', async () => {
    const session = await createSession(db.knex, { account: admin, timeouts })
    // Active every 20 minutes for almost 12 hours.
    for (let elapsed = 0; elapsed < 11.5 * 3600; elapsed += 20 * 60) {
      await ageSession(db.knex, session.id, 20 * 60)
      expect(await find(session.token)).not.toBeNull()
    }
    await ageSession(db.knex, session.id, 40 * 60)
    expect(await find(session.token)).toBeNull()
  })

  it('rotates the token of a session: the old one stops working at once', async () => {
    const session = await createSession(db.knex, { account: admin, timeouts })
    const rotated = await rotateSession(db.knex, session.id)
    expect(rotated!.token).not.toBe(session.token)
    expect(await find(session.token)).toBeNull()
    expect(await find(rotated!.token)).toMatchObject({
      id: session.id,
      csrfToken: rotated!.csrfToken,
    })
  })

  it('destroys one session, or every session of an account but one', async () => {
    const customer = (await buildCustomerAccount(db.knex, await buildMerchant(db.knex))).account
    const a = await createSession(db.knex, { account: customer, timeouts })
    const b = await createSession(db.knex, { account: customer, timeouts })
    const c = await createSession(db.knex, { account: customer, timeouts })
    expect(await destroySession(db.knex, { token: a.token })).toBe(true)
    expect(await find(a.token, 'customer')).toBeNull()
    expect(await destroyAccountSessions(db.knex, customer, { exceptSessionId: c.id })).toBe(1)
    expect(await find(b.token, 'customer')).toBeNull()
    expect(await find(c.token, 'customer')).not.toBeNull()
  })

  it('purges ended sessions and keeps live ones', async () => {
    const live = await createSession(db.knex, { account: admin, timeouts })
    const ended = await createSession(db.knex, { account: admin, timeouts })
    await ageSession(db.knex, ended.id, 3600)
    expect(await purgeExpiredSessions(db.knex)).toBeGreaterThanOrEqual(1)
    const ids = await db.knex('web_sessions').pluck('id')
    expect(ids).toContain(live.id)
    expect(ids).not.toContain(ended.id)
  })
})
