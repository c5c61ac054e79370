import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LANGUAGES, type Language } from '../../shared/languages.ts'
import { findEmailTemplate, seedEmailTemplates } from '../email/email-templates.ts'
import { templateFromFiles } from '../email/template-files.ts'
import { EMAIL_TEMPLATES } from '../email/template-variables.ts'
import { translator } from '../i18n/i18n.ts'
import { seedDemoData } from '../seed/demo-seed.ts'
import { startTestApp, type TestApp } from '../test/test-app.ts'
import { useTestDatabase } from '../test/test-database.ts'
import { TestBrowser } from '../test/test-web-app.ts'
import { signInAdmin } from '../test/admin-sign-in.ts'

// The email template editor through the real app, over templates seeded from the repository.

const db = useTestDatabase()
let app: TestApp

beforeAll(async () => {
  await seedDemoData(db.knex)
  await seedEmailTemplates(db.knex)
  app = await startTestApp(db.knex)
})
afterAll(() => app.close())

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
  await b.post('/admin/language', { language, next: '/admin' })
  return b
}

describe('email template list', () => {
  it('lists every template code in every language, each with its editor', async () => {
    const page = await (await loggedIn()).get('/admin/email/templates')
    expect(page.status).toBe(200)
    for (const code of EMAIL_TEMPLATES)
      for (const language of LANGUAGES) {
        expect(page.text).toContain(`data-template="${code}/${language}"`)
        expect(page.text).toContain(`href="/admin/email/templates/${code}/${language}"`)
      }
  })
})

describe('email template editor', () => {
  it('previews the template with sample data in a sandbox that runs no script', async () => {
    const page = await (await loggedIn()).get('/admin/email/templates/enrollment/en')
    expect(page.status).toBe(200)
    const stored = await findEmailTemplate(db.knex, 'enrollment', 'en')
    expect(page.text).toContain(html(stored!.subject))
    const iframe = /<iframe[^>]*>/.exec(page.text)?.[0] ?? ''
    expect(iframe).toContain('sandbox=""')
    expect(iframe).not.toContain('allow-scripts')
    // The sample customer and the QR as a data: URL, inside the escaped srcdoc.
    expect(iframe).toContain('Léa Müller')
    expect(iframe).toContain('data:image/png;base64,')
  })

  it('refuses a template with an unknown variable, naming it in the page language', async () => {
    const b = await loggedIn('fr')
    const before = await findEmailTemplate(db.knex, 'reward_ready', 'fr')
    const page = await b.post('/admin/email/templates/reward_ready/fr', {
      subject: 'Bonjour {{unknown_thing}}',
      html: before!.html,
      text: before!.text,
    })
    expect(page.status).toBe(422)
    expect(page.text).toContain('<html lang="fr">')
    const message = translator('fr', 'email_settings')('templates.error.unknown_variable', {
      variable: '{{unknown_thing}}',
    })
    expect(page.text).toContain(
      `<p class="field__error" id="field-subject-error">${html(message)}</p>`,
    )
    expect(page.text).toContain('Bonjour {{unknown_thing}}')
    const after = await findEmailTemplate(db.knex, 'reward_ready', 'fr')
    expect(after).toEqual(before)
  })

  it('saves a valid edit as edited, and seeding the templates again keeps it', async () => {
    const b = await loggedIn()
    const files = templateFromFiles('points_expiring', 'de')
    const subject = 'Ihre {{points}} Punkte bei {{store_name}} verfallen bald – jetzt einlösen!'
    const saved = await b.post('/admin/email/templates/points_expiring/de', { ...files, subject })
    expect(saved.status).toBe(303)
    expect(saved.headers.get('location')).toBe('/admin/email/templates/points_expiring/de?saved=1')
    const page = await b.get(saved.headers.get('location')!)
    expect(page.text).toContain(html('The template has been saved.'))
    expect(page.text).toContain(
      html('Ihre 80 Punkte bei FashionHub verfallen bald – jetzt einlösen!'),
    )

    const row = await findEmailTemplate(db.knex, 'points_expiring', 'de')
    expect(row).toMatchObject({ subject, customized: true })
    expect(row!.updated_by).not.toBeNull()
    const seeded = await seedEmailTemplates(db.knex)
    expect(seeded.kept).toBeGreaterThanOrEqual(1)
    expect((await findEmailTemplate(db.knex, 'points_expiring', 'de'))!.subject).toBe(subject)

    const list = await b.get('/admin/email/templates')
    expect(list.text).toMatch(
      /data-template="points_expiring\/de">(?:(?!<\/tr>).)*data-customized="yes"/,
    )
  })

  it('answers 404 for an unknown template or language', async () => {
    const b = await loggedIn()
    expect((await b.get('/admin/email/templates/no_such_thing/en')).status).toBe(404)
    expect((await b.get('/admin/email/templates/enrollment/it')).status).toBe(404)
  })
})
