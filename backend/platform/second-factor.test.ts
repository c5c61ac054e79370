import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LANGUAGES } from '../../shared/languages.ts'
import { errorMessage } from '../i18n/error-message.ts'
import { DEMO, DEMO_LOGINS, seedDemoData } from '../seed/demo-seed.ts'
import { startTestApp, type TestApp } from '../test/test-app.ts'
import { useTestDatabase } from '../test/test-database.ts'
import { TestBrowser } from '../test/test-web-app.ts'
import { rawKeysIn } from '../test/raw-keys.ts'
import { DEMO_ADMIN, enrolAdminForTests, signInAdmin } from '../test/admin-sign-in.ts'
import { totpCode, totpStep } from '../security/totp.ts'
import { deactivatePlatformAdmin, invitePlatformAdmin } from '../accounts/commands/manage-admins.ts'
import { createPlatformAdmin } from '../accounts/commands/create-platform-admin.ts'

// The second factor through the real app: an admin's enrolment before anything else, the
// sign-in's code step (wrong, reused, guessed on, recovery codes), a merchant owner who turns it
// on, and the admins page (invite, deactivate, never the last one).

const db = useTestDatabase()
let app: TestApp

beforeAll(async () => {
  await seedDemoData(db.knex)
  app = await startTestApp(db.knex)
})
afterAll(() => app.close())

const browser = (language = 'en') => new TestBrowser(app.url, { 'accept-language': language })
const html = (text: string) =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#x27;')

const PASSWORD = 'a long admin passphrase'
let counter = 0

/** A new admin with a password and, given a secret, an enrolled second factor. */
const newAdmin = async (secret?: string) => {
  const email = `admin-${++counter}-${Date.now()}@sf.test`
  await createPlatformAdmin(db.knex, {
    email,
    name: `Admin ${counter}`,
    password: PASSWORD,
    passwordCost: 10,
  })
  if (secret) await enrolAdminForTests(db.knex, email, secret)
  return { email, password: PASSWORD, totpSecret: secret ?? '' }
}
const SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'

const passwordStep = async (b: TestBrowser, email: string, password = PASSWORD) => {
  await b.get('/admin/login')
  return b.post('/admin/login', { email, password })
}

describe('an admin without a second factor', () => {
  it('is sent to enrolment after the password, can open nothing else, and enrols with a first code', async () => {
    const admin = await newAdmin()
    const b = browser()
    const password = await passwordStep(b, admin.email)
    expect(password.status).toBe(303)
    expect(password.headers.get('location')).toBe('/admin/login/enrol')
    expect(b.cookies.has('rf_admin_session')).toBe(false)
    // Nothing else opens: no session until enrolled.
    expect((await b.get('/admin')).headers.get('location')).toBe('/admin/login?next=%2Fadmin')
    expect((await b.get('/admin/login/code')).headers.get('location')).toBe('/admin/login/enrol')

    const page = await b.get('/admin/login/enrol')
    expect(page.status).toBe(200)
    expect(page.text).toContain('<svg')
    const secret = /data-totp-secret="([A-Z2-7]+)"/.exec(page.text)![1]!
    // The secret is stored encrypted, never in clear.
    const row = await db.knex('platform_admins').where('email', admin.email).first()
    expect(row.totp_pending_secret).toMatch(/^v1\./)
    expect(row.totp_pending_secret).not.toContain(secret)

    const wrong = await b.post('/admin/login/enrol', {
      code: '000000' === totpCode(secret) ? '111111' : '000000',
    })
    expect(wrong.status).toBe(401)
    expect(wrong.text).toContain(html(errorMessage('SECOND_FACTOR_INVALID', {}, 'en')))
    expect(b.cookies.has('rf_admin_session')).toBe(false)

    const done = await b.post('/admin/login/enrol', { code: totpCode(secret) })
    expect(done.status).toBe(200)
    const codes = [...done.text.matchAll(/<li><code>([a-z2-9]{5}-[a-z2-9]{5})<\/code><\/li>/g)].map(
      (m) => m[1],
    )
    expect(codes).toHaveLength(10)
    expect(b.cookies.has('rf_admin_session')).toBe(true)
    expect((await b.get('/admin')).status).toBe(200)
    const enrolled = await db.knex('platform_admins').where('email', admin.email).first()
    expect(enrolled.totp_secret).toMatch(/^v1\./)
    expect(enrolled.totp_pending_secret).toBeNull()
    const stored = await db.knex('recovery_codes').where('platform_admin_id', enrolled.id)
    expect(stored).toHaveLength(10)
    expect(stored.map((r) => r.code_hash)).not.toContain(codes[0])
    const audit = await db
      .knex('audit_log')
      .where({ action: 'second_factor.enable', subject_id: enrolled.id })
    expect(audit).toHaveLength(1)
  })
})

describe('the sign-in’s second step', () => {
  it('asks for the code in a field named code; a wrong one is refused, the right one signs in', async () => {
    const admin = await newAdmin(SECRET)
    const b = browser('fr')
    const password = await passwordStep(b, admin.email)
    expect(password.headers.get('location')).toBe('/admin/login/code')
    const page = await b.get('/admin/login/code')
    expect(page.text).toContain('name="code"')
    expect(page.text).toContain('<html lang="fr">')
    const wrong = await b.post('/admin/login/code', {
      code: '123456' === totpCode(SECRET) ? '654321' : '123456',
    })
    expect(wrong.status).toBe(401)
    expect(wrong.text).toContain(html(errorMessage('SECOND_FACTOR_INVALID', {}, 'fr')))
    const right = await b.post('/admin/login/code', { code: totpCode(SECRET) })
    expect(right.status).toBe(303)
    expect(right.headers.get('location')).toBe('/admin')
    expect((await b.get('/admin')).status).toBe(200)
    // The challenge is spent with the sign-in.
    expect((await b.get('/admin/login/code')).headers.get('location')).toBe('/admin/login')
  })

  it('refuses a code used once already within its window', async () => {
    const admin = await newAdmin(SECRET)
    const code = totpCode(SECRET)
    const first = browser()
    await passwordStep(first, admin.email)
    await first.get('/admin/login/code')
    expect((await first.post('/admin/login/code', { code })).status).toBe(303)
    const stored = await db
      .knex('platform_admins')
      .where('email', admin.email)
      .first('totp_last_step')
    expect(Number(stored.totp_last_step)).toBeGreaterThanOrEqual(totpStep(Date.now() / 1000) - 1)
    const second = browser()
    await passwordStep(second, admin.email)
    await second.get('/admin/login/code')
    const reused = await second.post('/admin/login/code', { code })
    expect(reused.status).toBe(401)
    expect(second.cookies.has('rf_admin_session')).toBe(false)
  })

  it('stops guessing: after five wrong codes even the right one is refused for a while', async () => {
    const admin = await newAdmin(SECRET)
    const b = browser()
    await passwordStep(b, admin.email)
    await b.get('/admin/login/code')
    const right = totpCode(SECRET)
    const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, '0')
    for (let i = 0; i < 5; i++)
      expect((await b.post('/admin/login/code', { code: wrong })).status).toBe(401)
    const limited = await b.post('/admin/login/code', { code: right })
    expect(limited.status).toBe(429)
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/)
    expect(b.cookies.has('rf_admin_session')).toBe(false)
    // A new challenge does not reset the count: it is the account's.
    const other = browser()
    await passwordStep(other, admin.email)
    await other.get('/admin/login/code')
    expect((await other.post('/admin/login/code', { code: right })).status).toBe(429)
  })

  it('takes a recovery code once', async () => {
    const admin = await newAdmin()
    const b = browser()
    await passwordStep(b, admin.email)
    const page = await b.get('/admin/login/enrol')
    const secret = /data-totp-secret="([A-Z2-7]+)"/.exec(page.text)![1]!
    const done = await b.post('/admin/login/enrol', { code: totpCode(secret) })
    const code = /<li><code>([a-z2-9]{5}-[a-z2-9]{5})<\/code><\/li>/.exec(done.text)![1]!

    const first = browser()
    await passwordStep(first, admin.email)
    await first.get('/admin/login/code')
    expect(
      (await first.post('/admin/login/code', { code: ` ${code.toUpperCase()} ` })).status,
    ).toBe(303)
    const second = browser()
    await passwordStep(second, admin.email)
    await second.get('/admin/login/code')
    expect((await second.post('/admin/login/code', { code })).status).toBe(401)
  })
})

describe('a merchant owner', () => {
  it('turns the second factor on at /merchant/security, and then signs in with a code', async () => {
    const owner = browser()
    await owner.get('/merchant/login')
    expect((await owner.post('/merchant/login', DEMO_LOGINS.fashionOwner)).status).toBe(303)
    const page = await owner.get('/merchant/security')
    expect(page.status).toBe(200)
    const secret = /data-totp-secret="([A-Z2-7]+)"/.exec(page.text)![1]!
    expect(
      (
        await owner.post('/merchant/security', {
          action: 'enable',
          code: '999999' === totpCode(secret) ? '888888' : '999999',
        })
      ).status,
    ).toBe(401)
    const on = await owner.post('/merchant/security', { action: 'enable', code: totpCode(secret) })
    expect(on.status).toBe(200)
    expect(on.text).toContain('data-recovery-codes')

    const next = browser()
    await next.get('/merchant/login')
    const password = await next.post('/merchant/login', DEMO_LOGINS.fashionOwner)
    expect(password.headers.get('location')).toBe('/merchant/login/code')
    expect(next.cookies.has('rf_merchant_session')).toBe(false)
    await next.get('/merchant/login/code')
    await db
      .knex('merchant_users')
      .where('id', DEMO.fashion.ownerUserId)
      .update({ totp_last_step: null })
    const signedIn = await next.post('/merchant/login/code', { code: totpCode(secret) })
    expect(signedIn.status).toBe(303)
    expect(signedIn.headers.get('location')).toBe('/merchant')

    // And off again, with a current code (the demo owner is shared with other tests).
    await db
      .knex('merchant_users')
      .where('id', DEMO.fashion.ownerUserId)
      .update({ totp_last_step: null })
    await next.get('/merchant/security')
    const off = await next.post('/merchant/security', { action: 'disable', code: totpCode(secret) })
    expect(off.status).toBe(303)
    expect(
      await db.knex('recovery_codes').where('merchant_user_id', DEMO.fashion.ownerUserId),
    ).toHaveLength(0)
  })
})

describe('/admin/admins', () => {
  it('lists the admins, invites one by email and deactivates one: signed out and locked out', async () => {
    const b = browser()
    expect((await signInAdmin(b, db.knex)).status).toBe(303)
    const list = await b.get('/admin/admins')
    expect(list.status).toBe(200)
    expect(list.text).toContain(`data-admin="${DEMO_LOGINS.admin.email}"`)

    const invalid = await b.post('/admin/admins', {
      name: '',
      email: 'not-an-address',
      language: 'fr',
    })
    expect(invalid.status).toBe(422)
    expect(invalid.text).toContain('value="not-an-address"')
    const invited = await b.post('/admin/admins', {
      name: 'Nora Invited',
      email: 'nora@sf.test',
      language: 'fr',
    })
    expect(invited.status).toBe(303)
    const email = await db.knex('outbound_emails').where('to_address', 'nora@sf.test').first()
    expect(email).toMatchObject({ template: 'staff_invitation', language: 'fr' })
    const taken = await b.post('/admin/admins', {
      name: 'Nora Again',
      email: 'NORA@sf.test',
      language: 'fr',
    })
    expect(taken.status).toBe(409)

    const victim = await newAdmin(SECRET)
    const v = browser()
    await db.knex('platform_admins').where('email', victim.email).update({ totp_last_step: null })
    expect((await signInAdmin(v, db.knex, victim)).status).toBe(303)
    expect((await v.get('/admin')).status).toBe(200)
    const id = (await db.knex('platform_admins').where('email', victim.email).first('id')).id
    await b.get('/admin/admins')
    expect((await b.post('/admin/admins/deactivate', { admin: id })).status).toBe(303)
    expect((await v.get('/admin')).status).toBe(303)
    expect((await passwordStep(browser(), victim.email)).status).toBe(401)
    const audit = await db
      .knex('audit_log')
      .where({ action: 'platform_admin.deactivate', subject_id: id })
    expect(audit).toHaveLength(1)
  })

  it('never deactivates the last active admin, even with two deactivations at once', async () => {
    const other = await newAdmin()
    const otherId = (await db.knex('platform_admins').where('email', other.email).first('id')).id
    // Leave two active admins: the demo one and `other`.
    await db
      .knex('platform_admins')
      .whereNotIn('id', [DEMO.platformAdminId, otherId])
      .update({ active: false })
    const results = await Promise.allSettled([
      deactivatePlatformAdmin(db.knex, { actorId: DEMO.platformAdminId, adminId: otherId }),
      deactivatePlatformAdmin(db.knex, { actorId: otherId, adminId: DEMO.platformAdminId }),
    ])
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult
    expect(['LAST_ADMIN', 'FORBIDDEN']).toContain(refused.reason.code)
    const active = await db.knex('platform_admins').where('active', true)
    expect(active).toHaveLength(1)
    // The one left cannot deactivate themself either, and the page says why.
    await expect(
      deactivatePlatformAdmin(db.knex, { actorId: active[0].id, adminId: active[0].id }),
    ).rejects.toMatchObject({ code: 'LAST_ADMIN' })
    await db.knex('platform_admins').where('id', DEMO.platformAdminId).update({ active: true })
    await db.knex('platform_admins').where('id', otherId).update({ active: false })
    const b = browser('de')
    expect((await signInAdmin(b, db.knex, DEMO_ADMIN)).status).toBe(303)
    await b.post('/admin/language', { language: 'de', next: '/admin/admins' })
    await b.get('/admin/admins')
    const page = await b.post('/admin/admins/deactivate', { admin: DEMO.platformAdminId })
    expect(page.status).toBe(409)
    expect(page.text).toContain(html(errorMessage('LAST_ADMIN', {}, 'de')))
  })
})

describe('the second factor’s pages in every language', () => {
  it('have their lang and no raw key', async () => {
    let token = ''
    await invitePlatformAdmin(db.knex, {
      email: 'poly@sf.test',
      name: 'Poly',
      invitedBy: null,
      linkUrl: (t) => (token = t),
    })
    const admin = await newAdmin()
    for (const language of LANGUAGES) {
      const b = browser(language)
      await passwordStep(b, admin.email)
      const pages = [
        await b.get('/admin/login/enrol'),
        await browser(language).get(`/admin/invitation/${token}`),
      ]
      const a = browser(language)
      await signInAdmin(a, db.knex)
      await a.post('/admin/language', { language, next: '/admin/admins' })
      pages.push(await a.get('/admin/admins'))
      const owner = browser(language)
      await owner.get('/merchant/login')
      await owner.post('/merchant/login', DEMO_LOGINS.fashionOwner)
      await owner.post('/merchant/language', { language, next: '/merchant/security' })
      pages.push(await owner.get('/merchant/security'))
      const code = browser(language)
      await passwordStep(code, DEMO_LOGINS.admin.email, DEMO_LOGINS.admin.password)
      pages.push(await code.get('/admin/login/code'))
      for (const page of pages) {
        expect(page.status).toBe(200)
        expect(page.text).toContain(`<html lang="${language}">`)
        expect(rawKeysIn(page.text)).toEqual([])
      }
    }
  })
})
