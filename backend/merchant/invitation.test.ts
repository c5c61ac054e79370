import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ParsedMail } from 'mailparser'
import type { Runner } from 'graphile-worker'
import { loadConfig } from '../config.ts'
import { seedEmailTemplates } from '../email/email-templates.ts'
import { jobHandlers } from '../jobs/handlers.ts'
import { startWorker } from '../jobs/worker.ts'
import { createLogger } from '../logger.ts'
import { DEMO_LOGINS, seedDemoData } from '../seed/demo-seed.ts'
import { startTestApp, type TestApp } from '../test/test-app.ts'
import { useTestDatabase } from '../test/test-database.ts'
import { startTestSmtpServer, type TestSmtpServer } from '../test/test-smtp-server.ts'
import { TestBrowser } from '../test/test-web-app.ts'

// The staff invitation journey through the real app, the real worker and a real SMTP server:
// an owner invites by email from the team page, the invitee opens the emailed link, chooses a
// password and lands signed in on the merchant dashboard; a used or expired link is refused.

const db = useTestDatabase()
const log = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent')
let app: TestApp
let server: TestSmtpServer
let worker: Runner

beforeAll(async () => {
  await seedDemoData(db.knex)
  await seedEmailTemplates(db.knex)
  server = await startTestSmtpServer({})
  app = await startTestApp(db.knex)
  worker = await startWorker({
    connectionString: db.url,
    db: db.knex,
    log,
    // The app's BASE_URL: invitation links are on the platform's canonical URL.
    config: loadConfig({
      BASE_URL: 'http://localhost',
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(server.port),
      SMTP_SECURE: 'none',
      EMAIL_FROM: 'RewardFlow <no-reply@rewardflow.test>',
      DATA_DIR: '/tmp/rewardflow-invitation-test',
    }),
    concurrency: 2,
    pollInterval: 100,
    handlers: jobHandlers,
  })
})
afterAll(async () => {
  await worker?.stop()
  await app?.close()
  await server?.close()
})

const OWNER = DEMO_LOGINS.fashionOwner

const ownerBrowser = async (language = 'en') => {
  const browser = new TestBrowser(app.url, { 'accept-language': language })
  await browser.get('/merchant/login')
  const signedIn = await browser.post('/merchant/login', {
    email: OWNER.email,
    password: OWNER.password,
  })
  expect(signedIn.status).toBe(303)
  return browser
}

const invite = async (email: string, language: string, name = 'Jérôme Weber') => {
  const owner = await ownerBrowser()
  const team = await owner.get('/merchant/team')
  expect(team.text).toContain('action="/merchant/invitations"')
  return owner.post('/merchant/invitations', { email, name, language })
}

const mailTo = async (to: string): Promise<ParsedMail> => {
  const deadline = Date.now() + 15_000
  for (;;) {
    const found = server.messages.filter((m) => !Array.isArray(m.to) && m.to?.text === to)
    if (found.length > 0) {
      await new Promise((resolve) => setTimeout(resolve, 300))
      expect(server.messages.filter((m) => !Array.isArray(m.to) && m.to?.text === to)).toHaveLength(
        1,
      )
      return found[0]!
    }
    if (Date.now() > deadline) throw new Error(`no email to ${to}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

const acceptPath = (mail: ParsedMail) => {
  const link = /href="(http:\/\/localhost\/merchant\/invitation\/[A-Za-z0-9_-]{43})"/.exec(
    String(mail.html),
  )
  expect(link, String(mail.html)).not.toBeNull()
  expect(mail.text).toContain(link![1])
  return new URL(link![1]!).pathname
}

describe('inviting a manager', () => {
  it('emails the invitee in their language; the link sets a password and signs them in on the dashboard', async () => {
    const sent = await invite('jerome.invite@example.lu', 'fr')
    expect(sent.status).toBe(303)
    expect(sent.headers.get('location')).toBe('/merchant/team?done=invited#invite')

    const mail = await mailTo('jerome.invite@example.lu')
    expect(mail.subject).toBe('Demo Owner vous invite chez Fashion Group S.A. sur RewardFlow')
    expect(mail.html).toContain('<html lang="fr">')
    const rows = await db.knex('outbound_emails').where({ template: 'staff_invitation' })
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ status: 'sent', language: 'fr', store_id: null })
    const stored = await db
      .knex('merchant_invitations')
      .first('token_hash', db.knex.raw(`expires_at - created_at AS valid`))
    expect(stored.token_hash).toMatch(/^[0-9a-f]{64}$/)
    expect(stored.valid).toMatchObject({ days: 7 })

    const invitee = new TestBrowser(app.url, { 'accept-language': 'fr' })
    const path = acceptPath(mail)
    const page = await invitee.get(path)
    expect(page.status).toBe(200)
    expect(page.headers.get('cache-control')).toBe('no-store')
    expect(page.text).toContain('Rejoindre Fashion Group S.A.')

    const mismatch = await invitee.post(path, {
      password: 'a long new password',
      password_confirm: 'another password',
    })
    expect(mismatch.status).toBe(422)
    expect(mismatch.text).toContain('Les deux mots de passe ne correspondent pas.')

    const accepted = await invitee.post(path, {
      password: 'a long new password',
      password_confirm: 'a long new password',
    })
    expect(accepted.status).toBe(303)
    expect(accepted.headers.get('location')).toBe('/merchant')
    const dashboard = await invitee.get('/merchant')
    expect(dashboard.status).toBe(200)
    expect(dashboard.text).toContain('Jérôme Weber')
    // A manager sees no link to the team page (where the invitation form is) and may not open it.
    expect(dashboard.text).not.toContain('href="/merchant/team"')
    expect((await invitee.get('/merchant/team')).status).toBe(403)
    const byManager = await invitee.post('/merchant/invitations', {
      email: 'someone@example.lu',
      name: 'Someone',
      language: 'en',
    })
    expect(byManager.status).toBe(403)

    // The link is single-use: refused, in the page's language.
    const again = await new TestBrowser(app.url, { 'accept-language': 'de' }).get(path)
    expect(again.status).toBe(404)
    expect(again.text).toContain('Dieser Einladungslink ist ungültig oder wurde bereits verwendet.')

    // And the password works on the login page.
    const login = new TestBrowser(app.url)
    await login.get('/merchant/login')
    const signedIn = await login.post('/merchant/login', {
      email: 'jerome.invite@example.lu',
      password: 'a long new password',
    })
    expect(signedIn.status).toBe(303)
  })

  it('refuses an expired link with a localized error, and a second invitation of an account', async () => {
    await invite('late.invite@example.lu', 'lb', 'Lena Lëtz')
    const mail = await mailTo('late.invite@example.lu')
    expect(mail.subject).toBe('Demo Owner invitéiert Iech bei Fashion Group S.A. op RewardFlow')
    await db
      .knex('merchant_invitations')
      .whereIn(
        'merchant_user_id',
        db.knex('merchant_users').where('email', 'late.invite@example.lu').select('id'),
      )
      .update({ expires_at: db.knex.raw(`now() - interval '1 minute'`) })
    const path = acceptPath(mail)
    const browser = new TestBrowser(app.url, { 'accept-language': 'lb' })
    const page = await browser.get(path)
    expect(page.status).toBe(410)
    expect(page.text).toContain('Dës Invitatioun ass ofgelaf.')
    const post = await browser.post(path, {
      password: 'a long new password',
      password_confirm: 'a long new password',
    })
    expect(post.status).toBe(410)
    expect(
      await db
        .knex('merchant_users')
        .where('email', 'late.invite@example.lu')
        .first('password_hash'),
    ).toEqual({ password_hash: null })

    // The owner's own address has an account: refused on the form (in the owner's language,
    // French for the demo owner), no email.
    const taken = await invite(OWNER.email, 'en')
    expect(taken.status).toBe(409)
    expect(taken.text).toContain('Cette adresse e-mail a déjà un compte.')
    const invalid = await invite('not-an-address', 'en')
    expect(invalid.status).toBe(422)
    expect(invalid.text).toContain('Saisissez une adresse e-mail valable.')
    expect(await db.knex('outbound_emails').where({ template: 'staff_invitation' })).toHaveLength(2)
  })

  it('refuses an invitation sent without the form’s CSRF token', async () => {
    const owner = await ownerBrowser()
    await owner.get('/merchant')
    const forged = await owner.post('/merchant/invitations', {
      _csrf: 'forged',
      email: 'forged@example.lu',
      name: 'Forged',
      language: 'en',
    })
    expect(forged.status).toBe(403)
    expect(await db.knex('merchant_users').where('email', 'forged@example.lu')).toHaveLength(0)
  })
})
