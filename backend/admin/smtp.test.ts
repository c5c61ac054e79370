import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { LANGUAGES, type Language } from '../../shared/languages.ts'
import { loadConfig } from '../config.ts'
import { effectiveSmtpConfig } from '../email/smtp-config.ts'
import { translator } from '../i18n/i18n.ts'
import { DEMO_LOGINS, seedDemoData } from '../seed/demo-seed.ts'
import { startTestApp, type TestApp } from '../test/test-app.ts'
import { useTestDatabase } from '../test/test-database.ts'
import { startTestSmtpServer, type TestSmtpServer } from '../test/test-smtp-server.ts'
import { TestBrowser } from '../test/test-web-app.ts'
import { signInAdmin } from '../test/admin-sign-in.ts'

// The SMTP pages through the real app: settings from the environment pointing at a real
// smtp-server, overrides saved in the database, the test email and the diagnostics against real
// servers started here.

const db = useTestDatabase()
let app: TestApp
let envServer: TestSmtpServer
const servers: TestSmtpServer[] = []

const ENV_KEYS = ['SMTP_HOST', 'SMTP_PORT', 'SMTP_SECURE', 'EMAIL_FROM', 'EMAIL_SETTINGS_KEY']
const savedEnv = Object.fromEntries(ENV_KEYS.map((key) => [key, process.env[key]]))
const PASSWORD = 'Sécret-pa55word!'

beforeAll(async () => {
  envServer = await startTestSmtpServer({ tls: 'none' })
  Object.assign(process.env, {
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(envServer.port),
    SMTP_SECURE: 'none',
    EMAIL_FROM: 'RewardFlow Test <no-reply@rewardflow.test>',
    EMAIL_SETTINGS_KEY: randomBytes(32).toString('base64'),
  })
  // After the key is set: the demo admin's TOTP secret is sealed with the key the app reads.
  await seedDemoData(db.knex)
  app = await startTestApp(db.knex)
})
afterAll(async () => {
  await app.close()
  await Promise.all([envServer, ...servers].map((server) => server.close()))
  for (const key of ENV_KEYS)
    if (savedEnv[key] === undefined) delete process.env[key]
    else process.env[key] = savedEnv[key]
})
beforeEach(async () => {
  await db.knex('smtp_settings').del()
})

const appConfig = () =>
  loadConfig({ ...process.env, BASE_URL: 'http://localhost', DATABASE_URL: undefined })

const html = (text: string) =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#x27;')

const loggedIn = async (language: Language = 'en') => {
  const b = new TestBrowser(app.url, { 'accept-language': language })
  const login = await signInAdmin(b, db.knex)
  expect(login.status).toBe(303)
  // The admin's language follows the switcher, not the browser, once signed in.
  await b.post('/admin/language', { language, next: '/admin' })
  return b
}

/** The `<tr>` of one setting in the table of settings in force. */
const settingRow = (page: string, name: string) =>
  new RegExp(`<tr data-setting="${name}">.*?</tr>`).exec(page)?.[0] ?? ''

const EMPTY_FORM = {
  host: '',
  port: '',
  secure: '',
  user: '',
  password: '',
  auth_method: '',
  from: '',
  tls_verify: '',
}

describe('SMTP settings page', () => {
  it('shows each setting in force with where it comes from: environment, then database', async () => {
    const b = await loggedIn()
    const before = await b.get('/admin/email/settings')
    expect(before.status).toBe(200)
    expect(settingRow(before.text, 'host')).toContain('127.0.0.1')
    expect(settingRow(before.text, 'host')).toContain('data-source="env"')
    expect(settingRow(before.text, 'port')).toContain(`>${envServer.port}<`)
    expect(settingRow(before.text, 'from')).toContain('data-source="env"')
    expect(settingRow(before.text, 'auth_method')).toContain('data-source="default"')

    const saved = await b.post('/admin/email/settings', {
      ...EMPTY_FORM,
      from: 'FashionHub <hello@fashionhub.lu>',
      auth_method: 'LOGIN',
    })
    expect(saved.status).toBe(303)
    const after = await b.get(saved.headers.get('location')!)
    expect(after.text).toContain(html('The SMTP settings have been saved.'))
    expect(settingRow(after.text, 'from')).toContain(html('FashionHub <hello@fashionhub.lu>'))
    expect(settingRow(after.text, 'from')).toContain('data-source="database"')
    expect(settingRow(after.text, 'auth_method')).toContain('data-source="database"')
    expect(settingRow(after.text, 'host')).toContain('data-source="env"')

    // Emptied fields go back to the environment.
    await b.post('/admin/email/settings', EMPTY_FORM)
    const reset = await b.get('/admin/email/settings')
    expect(settingRow(reset.text, 'from')).toContain('data-source="env"')
    expect(settingRow(reset.text, 'auth_method')).toContain('data-source="default"')
  })

  it('never shows the saved password, and keeps it when the field is left empty', async () => {
    const b = await loggedIn()
    await b.post('/admin/email/settings', { ...EMPTY_FORM, user: 'mailer', password: PASSWORD })
    const page = await b.get('/admin/email/settings')
    expect(page.text).not.toContain(PASSWORD)
    expect(page.text).not.toContain(html(PASSWORD))
    expect(settingRow(page.text, 'password')).toContain('Set (hidden)')
    expect(settingRow(page.text, 'password')).toContain('data-source="database"')
    const passwordInput = /<input[^>]*name="password"[^>]*>/.exec(page.text)?.[0]
    expect(passwordInput).toContain('type="password"')
    expect(passwordInput).not.toContain('value=')
    const row = await db.knex('smtp_settings').first()
    expect(row.password_encrypted).not.toContain(PASSWORD)

    await b.post('/admin/email/settings', { ...EMPTY_FORM, user: 'mailer-2' })
    const kept = await effectiveSmtpConfig(db.knex, appConfig())
    expect(kept.user.value).toBe('mailer-2')
    expect(kept.password).toEqual({ value: PASSWORD, source: 'database' })

    await b.post('/admin/email/settings', { ...EMPTY_FORM, clear_password: 'yes' })
    expect((await effectiveSmtpConfig(db.knex, appConfig())).password.value).toBeNull()
  })

  it('refuses invalid values with 422 and inline errors in the page language', async () => {
    const b = await loggedIn('fr')
    const page = await b.post('/admin/email/settings', {
      ...EMPTY_FORM,
      host: 'smtp example.lu',
      port: '70000',
      secure: 'ssl',
      from: 'pas une adresse',
    })
    expect(page.status).toBe(422)
    expect(page.text).toContain('<html lang="fr">')
    const t = translator('fr', 'email_settings')
    for (const field of ['host', 'port', 'secure', 'from'] as const)
      expect(page.text).toContain(
        `<p class="field__error" id="field-${field}-error">${html(t(`settings.error.${field}`))}</p>`,
      )
    expect(page.text).toContain('value="pas une adresse"')
    expect(await db.knex('smtp_settings').first()).toBeUndefined()
  })
})

describe('test email', () => {
  it('sends through the settings in force and shows them with the server’s answer', async () => {
    const b = await loggedIn()
    const before = envServer.messages.length
    const page = await b.post('/admin/email/test', { to: 'lea@example.lu' })
    expect(page.status).toBe(200)
    const [message] = (await envServer.waitForMessages(before + 1)).slice(before)
    expect(message!.subject).toBe('RewardFlow test email')
    expect(message!.from?.value[0]?.address).toBe('no-reply@rewardflow.test')
    expect(page.text).toContain('data-test-result="sent"')
    expect(page.text).toContain(html('The server accepted the test email for lea@example.lu.'))
    expect(page.text).toMatch(/<code data-server-answer="true">250 [^<]+<\/code>/)
    expect(page.text).toContain(`<dd>127.0.0.1</dd>`)
    expect(page.text).toContain(`<dd>${envServer.port}</dd>`)
    expect(page.text).toContain(html('RewardFlow Test <no-reply@rewardflow.test>'))
  })

  it('shows the error when the server cannot be reached', async () => {
    const closed = await startTestSmtpServer()
    const port = closed.port
    await closed.close()
    const b = await loggedIn()
    await b.post('/admin/email/settings', { ...EMPTY_FORM, port: String(port) })
    const page = await b.post('/admin/email/test', { to: 'lea@example.lu' })
    expect(page.text).toContain('data-test-result="failed"')
    expect(page.text).toMatch(/<code data-server-answer="true">[^<]*ECONNREFUSED/)
  })
})

describe('SMTP diagnostics page', () => {
  it('shows that PLAIN is refused but LOGIN works, and the test email works once LOGIN is set', async () => {
    const server = await startTestSmtpServer({
      auth: { user: 'mailer', pass: PASSWORD, methods: ['PLAIN', 'LOGIN'], brokenPlain: true },
    })
    servers.push(server)
    const b = await loggedIn()
    const form = {
      ...EMPTY_FORM,
      host: '127.0.0.1',
      port: String(server.port),
      secure: 'none',
      user: 'mailer',
      password: PASSWORD,
      auth_method: 'PLAIN',
    }
    expect((await b.post('/admin/email/settings', form)).status).toBe(303)
    expect((await b.get('/admin/email/diagnostics')).status).toBe(200)
    const page = await b.post('/admin/email/diagnostics')
    expect(page.status).toBe(200)
    expect(page.text).toContain(`Result for 127.0.0.1, port ${server.port}`)
    for (const step of ['dns', 'ports', 'tls', 'ehlo', 'auth_methods', 'auth'])
      expect(page.text).toContain(`data-step="${step}"`)
    expect(page.text).toContain('data-step="auth" data-verdict="failed"')
    const hint = translator('en', 'smtp')('hint.auth_switch_method', {
      failed: 'PLAIN',
      working: 'LOGIN',
    })
    expect(page.text).toContain(html(hint))
    expect(page.text).not.toContain(PASSWORD)

    await b.post('/admin/email/settings', { ...form, password: '', auth_method: 'LOGIN' })
    const sent = await b.post('/admin/email/test', { to: 'lea@example.lu' })
    expect(sent.text).toContain('data-test-result="sent"')
    await server.waitForMessages(1)
    expect(server.sessions[0]!.user).toBe('mailer')
  })
})

describe('email admin pages', () => {
  const PAGES = [
    '/admin/email/settings',
    '/admin/email/diagnostics',
    '/admin/email/templates',
    '/admin/email/templates/enrollment/fr',
  ]

  it('require an admin session', async () => {
    const visitor = new TestBrowser(app.url)
    for (const path of PAGES) {
      const page = await visitor.get(path)
      expect(page.status, path).toBe(303)
      expect(page.headers.get('location')).toBe(`/admin/login?next=${encodeURIComponent(path)}`)
    }
    const owner = new TestBrowser(app.url)
    await owner.get('/merchant/login')
    await owner.post('/merchant/login', {
      email: DEMO_LOGINS.fashionOwner.email,
      password: DEMO_LOGINS.fashionOwner.password,
    })
    expect((await owner.get('/admin/email/settings')).status).toBe(303)
  })

  it('are written in each language, with no raw key', async () => {
    for (const language of LANGUAGES) {
      const b = await loggedIn(language)
      for (const path of PAGES) {
        const page = await b.get(path)
        expect(page.status, `${language} ${path}`).toBe(200)
        expect(page.text).toContain(`<html lang="${language}">`)
        const text = page.text
          .replace(/<(script|style|iframe)[^>]*>[\s\S]*?<\/\1>/g, '')
          .replace(/<[^>]+>/g, ' ')
        expect(text, `${language} ${path}`).not.toMatch(
          /\b(?:email_settings|smtp|admin|common):|\b(?:settings|test|diagnostics|templates|nav|secure|auth|layout)\.[a-z_]+\b/,
        )
      }
      const t = translator(language, 'email_settings')
      const settings = await b.get('/admin/email/settings')
      expect(settings.text).toContain(html(t('settings.effective_title')))
    }
  })
})
