import nodemailer, { type SendMailOptions } from 'nodemailer'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LANGUAGES, type Language } from '../../shared/languages.ts'
import { startLocalMailbox, type LocalMailbox } from '../email/mailbox/local-mailbox.ts'
import { createLogger } from '../logger.ts'
import { seedDemoData } from '../seed/demo-seed.ts'
import { startTestApp, type TestApp } from '../test/test-app.ts'
import { useTestDatabase } from '../test/test-database.ts'
import { TestBrowser } from '../test/test-web-app.ts'
import { signInAdmin } from '../test/admin-sign-in.ts'

// The admin's view of the local mailbox, through the real app, with messages sent over SMTP
// to the real local mailbox.

const db = useTestDatabase()
let app: TestApp
let mailbox: LocalMailbox

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
)

const send = (to: string, subject: string, extra: SendMailOptions = {}) =>
  nodemailer
    .createTransport({ host: mailbox.host, port: mailbox.port, secure: false, ignoreTLS: true })
    .sendMail({ from: 'FashionHub <no-reply@rewardflow.test>', to, subject, ...extra })

beforeAll(async () => {
  await seedDemoData(db.knex)
  mailbox = await startLocalMailbox(db.knex, createLogger('silent'), { register: false })
  app = await startTestApp(db.knex)
  await send('lea@example.lu', 'Wëllkomm bei FashionHub', {
    text: 'Moien Léa, Är Kaart ass prett.',
    html:
      '<p>Moien <b>Léa</b></p><img src="cid:card-qr@rewardflow">' +
      '<script>parent.document.title = "pwned"</script>',
    attachments: [
      {
        cid: 'card-qr@rewardflow',
        filename: 'card-qr.png',
        content: PNG,
        contentType: 'image/png',
      },
      { filename: 'conditions.txt', content: 'Conditions générales', contentType: 'text/plain' },
    ],
  })
  await send('marc@example.lu', 'Réinitialisation du mot de passe', { text: 'Bonjour Marc' })
})
afterAll(async () => {
  await app.close()
  await mailbox.stop()
})

const loggedIn = async (language: Language = 'en') => {
  const b = new TestBrowser(app.url)
  await signInAdmin(b, db.knex)
  // The admin's language is their own choice (kept with the account), not the browser's.
  await b.post('/admin/language', { language, next: '/admin' })
  return b
}

const idOf = async (subject: string): Promise<string> =>
  (await db.knex('mailbox_messages').where('subject', subject).first('id')).id

/** The page without the email shown in its iframe (its own text is the sender's). */
const ownText = (html: string) => html.replace(/srcDoc="[^"]*"|srcdoc="[^"]*"/g, '')

const RAW_KEY = /email_admin:|\b(?:mailbox|message|pagination|frame)\.[a-z_]+\b/

describe('the admin mailbox', () => {
  it('sends a visitor without an admin session to the login page', async () => {
    const b = new TestBrowser(app.url)
    const id = await idOf('Wëllkomm bei FashionHub')
    for (const path of ['/admin/mailbox', `/admin/mailbox/${id}`]) {
      const page = await b.get(path)
      expect(page.status).toBe(303)
      expect(page.headers.get('location')).toBe(`/admin/login?next=${encodeURIComponent(path)}`)
    }
  })

  it('lists the received messages newest first and finds them by search', async () => {
    const b = await loggedIn()
    const page = await b.get('/admin/mailbox')
    expect(page.status).toBe(200)
    const first = page.text.indexOf('Réinitialisation du mot de passe')
    const second = page.text.indexOf('Wëllkomm bei FashionHub')
    expect(first).toBeGreaterThan(0)
    expect(second).toBeGreaterThan(first)
    expect(page.text).toContain('lea@example.lu')

    const found = await b.get(`/admin/mailbox?q=${encodeURIComponent('marc@')}`)
    expect(found.text).toContain('Réinitialisation du mot de passe')
    expect(found.text).not.toContain('Wëllkomm bei FashionHub')
    const none = await b.get('/admin/mailbox?q=nobody-here')
    expect(none.text).toContain('The mailbox is empty')
  })

  it('shows the HTML part in an iframe sandboxed without scripts, with the inline image', async () => {
    const b = await loggedIn()
    const page = await b.get(`/admin/mailbox/${await idOf('Wëllkomm bei FashionHub')}`)
    expect(page.status).toBe(200)
    const iframe = /<iframe[^>]*>/.exec(page.text)![0]
    expect(iframe).toMatch(/\ssandbox=""/)
    expect(iframe).not.toContain('allow-scripts')
    expect(iframe).not.toContain('allow-same-origin')
    // The email's script is only inside srcdoc (escaped), never a script of the page.
    expect(iframe).toContain('&lt;script&gt;')
    expect(ownText(page.text)).not.toContain('pwned')
    expect(iframe).toContain(`data:image/png;base64,${PNG.toString('base64')}`)
    expect(iframe).not.toContain('cid:card-qr@rewardflow')
    expect(page.text).toContain('Moien Léa, Är Kaart ass prett.')
    expect(page.text).toContain('card-qr.png')
    expect(page.text).toContain('conditions.txt')
    expect(page.text).toMatch(/<th scope="row">Message-ID<\/th>/i)
  })

  it('renders list and message in every language with its lang and no raw keys', async () => {
    const id = await idOf('Wëllkomm bei FashionHub')
    for (const language of LANGUAGES) {
      const b = await loggedIn(language)
      for (const path of ['/admin/mailbox', `/admin/mailbox/${id}`]) {
        const page = await b.get(path)
        expect(page.status, `${language} ${path}`).toBe(200)
        expect(page.text).toContain(`<html lang="${language}">`)
        expect(ownText(page.text), `${language} ${path}`).not.toMatch(RAW_KEY)
      }
    }
  })

  it('answers an unknown message with 404', async () => {
    const b = await loggedIn()
    expect((await b.get('/admin/mailbox/00000000-0000-4000-8000-000000000000')).status).toBe(404)
    expect((await b.get('/admin/mailbox/not-an-id')).status).toBe(404)
  })
})
