import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LANGUAGES, type Language } from '../../shared/languages.ts'
import { seedEmailTemplates } from '../email/email-templates.ts'
import { queueEmail, type EmailTemplate, type QueuedEmail } from '../email/queue-email.ts'
import { DEMO, seedDemoData } from '../seed/demo-seed.ts'
import { startTestApp, type TestApp } from '../test/test-app.ts'
import { useTestDatabase } from '../test/test-database.ts'
import { TestBrowser } from '../test/test-web-app.ts'
import { signInAdmin } from '../test/admin-sign-in.ts'

// The email log through the real app: filters, the detail with the message as it renders now,
// and resending (a new email with its own sending job).

const db = useTestDatabase()
let app: TestApp
const ids: Record<'sent' | 'failed' | 'january', string> = { sent: '', failed: '', january: '' }

const reset = (to: string, language: Language): QueuedEmail<'password_reset'> => ({
  template: 'password_reset',
  to,
  language,
  merchantId: DEMO.fashion.merchantId,
  storeId: null,
  variables: {
    reset_url: 'https://fashionhub.lu/reset/abc',
    store_name: 'FashionHub',
    customer_name: 'Zoé',
    valid_minutes: 60,
  },
})

const queue = (email: QueuedEmail<EmailTemplate>) =>
  db.knex.transaction(async (trx) => (await queueEmail(trx, email)).id)

beforeAll(async () => {
  await seedDemoData(db.knex)
  await seedEmailTemplates(db.knex)
  ids.sent = await queue(reset('zoe@log-test.lu', 'fr'))
  await db.knex('outbound_emails').where('id', ids.sent).update({
    status: 'sent',
    attempts: 1,
    message_id: '<abc@rewardflow.test>',
    smtp_response: '250 2.0.0 OK queued as 42',
    subject: 'Réinitialisation',
    sent_at: db.knex.fn.now(),
  })
  ids.failed = await queue(reset('marc@log-test.lu', 'de'))
  await db.knex('outbound_emails').where('id', ids.failed).update({
    status: 'failed',
    attempts: 3,
    last_error: '550 5.1.1 mailbox unavailable',
    failed_at: db.knex.fn.now(),
  })
  ids.january = await queue(reset('ana@log-test.lu', 'en'))
  await db
    .knex('outbound_emails')
    .where('id', ids.january)
    .update({ created_at: new Date('2026-01-10T12:00:00Z') })
  app = await startTestApp(db.knex)
})
afterAll(() => app.close())

const loggedIn = async (language: Language = 'en') => {
  const b = new TestBrowser(app.url)
  await signInAdmin(b, db.knex)
  // The admin's language is their own choice (kept with the account), not the browser's.
  await b.post('/admin/language', { language, next: '/admin' })
  return b
}

/** The ids of the emails a log page lists. */
const listed = (html: string) => [...html.matchAll(/data-email-id="([^"]+)"/g)].map((m) => m[1])

const ownText = (html: string) => html.replace(/srcDoc="[^"]*"|srcdoc="[^"]*"/g, '')

const RAW_KEY = /email_admin:|\b(?:log|detail|status|pagination|frame)\.[a-z_]+\b/

describe('the email log', () => {
  it('sends a visitor without an admin session to the login page', async () => {
    const b = new TestBrowser(app.url)
    for (const path of ['/admin/emails', `/admin/emails/${ids.sent}`]) {
      const page = await b.get(path)
      expect(page.status).toBe(303)
      expect(page.headers.get('location')).toBe(`/admin/login?next=${encodeURIComponent(path)}`)
    }
    await b.get('/admin/login')
    const resend = await b.post(`/admin/emails/${ids.sent}/resend`)
    expect(resend.status).toBe(303)
    expect(resend.headers.get('location')).toMatch(/^\/admin\/login/)
    expect(await db.knex('outbound_emails').where('to_address', 'zoe@log-test.lu')).toHaveLength(1)
  })

  it('narrows the list by recipient, status, template and day', async () => {
    const b = await loggedIn()
    const all = await b.get('/admin/emails?recipient=LOG-TEST.lu')
    expect(all.status).toBe(200)
    expect(listed(all.text).sort()).toEqual([ids.sent, ids.failed, ids.january].sort())

    const failed = await b.get('/admin/emails?recipient=log-test&status=failed')
    expect(listed(failed.text)).toEqual([ids.failed])
    const enrollments = await b.get('/admin/emails?recipient=log-test&template=enrollment')
    expect(listed(enrollments.text)).toEqual([])
    expect(enrollments.text).toContain('No email matches')

    const january = await b.get('/admin/emails?recipient=log-test&from=2026-01-01&to=2026-01-31')
    expect(listed(january.text)).toEqual([ids.january])
    const before = await b.get('/admin/emails?recipient=log-test&to=2026-01-09')
    expect(listed(before.text)).toEqual([])
    const since = await b.get('/admin/emails?recipient=log-test&from=2026-01-11')
    expect(listed(since.text).sort()).toEqual([ids.sent, ids.failed].sort())
  })

  it('reports a day that is not YYYY-MM-DD and does not filter by it', async () => {
    const b = await loggedIn()
    const page = await b.get('/admin/emails?recipient=log-test&from=2026-02-30')
    expect(page.text).toContain('Enter a day as YYYY-MM-DD')
    expect(page.text).toContain('aria-invalid="true"')
    expect(page.text).not.toContain('type="date"')
    expect(listed(page.text)).toHaveLength(3)
  })

  it('shows delivery details, the error and the message rendered in a sandboxed iframe', async () => {
    const b = await loggedIn()
    const sent = await b.get(`/admin/emails/${ids.sent}`)
    expect(sent.status).toBe(200)
    expect(sent.text).toContain('&lt;abc@rewardflow.test&gt;')
    expect(sent.text).toContain('250 2.0.0 OK queued as 42')
    const iframe = /<iframe[^>]*>/.exec(sent.text)![0]
    expect(iframe).toMatch(/\ssandbox=""/)
    expect(iframe).not.toContain('allow-scripts')
    expect(iframe).toContain('https://fashionhub.lu/reset/abc')

    const failed = await b.get(`/admin/emails/${ids.failed}`)
    expect(failed.text).toContain('550 5.1.1 mailbox unavailable')
    expect(failed.text).toContain('data-status="failed"')
  })

  it('resends as a new email with its own sending job and says so', async () => {
    const b = await loggedIn('fr')
    await b.get(`/admin/emails/${ids.failed}`)
    const resent = await b.post(`/admin/emails/${ids.failed}/resend`)
    expect(resent.status).toBe(303)
    const rows = await db
      .knex('outbound_emails')
      .where('to_address', 'marc@log-test.lu')
      .orderBy('created_at')
    expect(rows).toHaveLength(2)
    const [original, copy] = rows
    expect(copy).toMatchObject({
      template: original.template,
      language: 'de',
      variables: original.variables,
      merchant_id: DEMO.fashion.merchantId,
      store_id: null,
      status: 'queued',
      attempts: 0,
    })
    expect(original.status).toBe('failed')
    expect(resent.headers.get('location')).toBe(`/admin/emails/${ids.failed}?resent=${copy.id}`)
    const jobs = await db
      .knex('graphile_worker.jobs')
      .where({ key: `email:${copy.id}`, task_identifier: 'email:send' })
    expect(jobs).toHaveLength(1)

    const page = await b.get(resent.headers.get('location')!)
    expect(page.text).toContain('<html lang="fr">')
    expect(page.text).toContain('a été remis en file d’attente comme un nouvel e-mail')
    expect(page.text).toContain(`href="/admin/emails/${copy.id}"`)
  })

  it('refuses a resend without its CSRF token', async () => {
    const b = await loggedIn()
    await b.get(`/admin/emails/${ids.sent}`)
    b.csrf = 'forged'
    expect((await b.post(`/admin/emails/${ids.sent}/resend`)).status).toBe(403)
    expect(await db.knex('outbound_emails').where('to_address', 'zoe@log-test.lu')).toHaveLength(1)
  })

  it('renders list and detail in every language with its lang and no raw keys', async () => {
    for (const language of LANGUAGES) {
      const b = await loggedIn(language)
      for (const path of ['/admin/emails', `/admin/emails/${ids.sent}`]) {
        const page = await b.get(path)
        expect(page.status, `${language} ${path}`).toBe(200)
        expect(page.text).toContain(`<html lang="${language}">`)
        expect(ownText(page.text), `${language} ${path}`).not.toMatch(RAW_KEY)
      }
    }
  })

  it('answers an unknown email with 404', async () => {
    const b = await loggedIn()
    expect((await b.get('/admin/emails/00000000-0000-4000-8000-000000000000')).status).toBe(404)
    expect((await b.get('/admin/emails/nope')).status).toBe(404)
  })
})
