import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { ParsedMail } from 'mailparser'
import type { Language } from '../../shared/languages.ts'
import { loadConfig, type Config } from '../config.ts'
import { createLogger } from '../logger.ts'
import { enqueueJob } from '../jobs/enqueue.ts'
import { jobHandlers } from '../jobs/handlers.ts'
import { startWorker } from '../jobs/worker.ts'
import { buildMerchant, type BuiltMerchant } from '../test/factories.ts'
import { useTestDatabase } from '../test/test-database.ts'
import {
  selfSignedCertificate,
  startTestSmtpServer,
  type SelfSignedCertificate,
  type TestSmtpServer,
} from '../test/test-smtp-server.ts'
import { freePort } from '../db/embedded.ts'
import { canonicalStoreUrls } from '../web/site/urls.ts'
import { seedEmailTemplates } from './email-templates.ts'
import { createMailer } from './mailer.ts'
import { queueEmail, type EmailTemplate, type EmailVariables } from './queue-email.ts'
import { sendOutboundEmail, TemporaryEmailFailure } from './send-email.ts'
import { SAMPLE_VARIABLES } from './template-variables.ts'

// Real SMTP servers (smtp-server) started here, the real worker (graphile-worker) running the
// email:send job, and mailparser reading what arrives.

const db = useTestDatabase()
const log = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent')
let merchant: BuiltMerchant
let certificate: SelfSignedCertificate
const servers: TestSmtpServer[] = []

const CUSTOM_DOMAIN = 'fashionhub-email.lu'

beforeAll(async () => {
  certificate = await selfSignedCertificate()
  await seedEmailTemplates(db.knex)
  merchant = await buildMerchant(db.knex)
  await db.knex('stores').where('id', merchant.storeIds[0]).update({
    custom_domain: CUSTOM_DOMAIN,
    name: 'FashionHub',
    brand_color: '#c0392b',
    logo_url: 'https://cdn.example.lu/fashionhub.png',
  })
})

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()))
  // Jobs left by a test (a retry scheduled against a closed port) must not run in the next one.
  await db.knex.raw('DELETE FROM graphile_worker._private_jobs')
})

const smtpServer = async (options: Parameters<typeof startTestSmtpServer>[0]) => {
  const server = await startTestSmtpServer({ certificate, ...options })
  servers.push(server)
  return server
}

const configFor = (port: number, env: Record<string, string> = {}): Config =>
  loadConfig({
    BASE_URL: 'https://rewardflow.test',
    HOST_ROUTING: 'true',
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(port),
    SMTP_SECURE: 'none',
    EMAIL_FROM: 'RewardFlow <no-reply@rewardflow.test>',
    DATA_DIR: '/tmp/rewardflow-send-email-test',
    ...env,
  })

/** Runs `work` while a worker (the production handlers) sends with `config`. */
const withWorker = async <T>(config: Config, work: () => Promise<T>): Promise<T> => {
  const runner = await startWorker({
    connectionString: db.url,
    db: db.knex,
    log,
    config,
    concurrency: 2,
    pollInterval: 100,
    handlers: jobHandlers,
  })
  try {
    return await work()
  } finally {
    await runner.stop()
  }
}

const storeUrls = (config: Config) =>
  canonicalStoreUrls(
    { code: merchant.storeCodes[0], subdomain: null, custom_domain: CUSTOM_DOMAIN },
    { base_domain: 'rewardflow.test' },
    config,
  )

let counter = 0
const queue = async <T extends EmailTemplate>(
  template: T,
  language: Language,
  variables: EmailVariables[T],
) => {
  const to = `customer-${++counter}-${language}@example.lu`
  const { id } = await db.knex.transaction((trx) =>
    queueEmail(trx, {
      template,
      to,
      language,
      merchantId: merchant.merchantId,
      storeId: merchant.storeIds[0],
      variables,
    }),
  )
  return { id, to }
}

// Callers pass no links: the sender builds card_url and account_url from the row's store.
const enrollmentVariables = (name: string): EmailVariables['enrollment'] => ({
  customer_name: name,
  store_name: 'FashionHub',
  card_number: 'RF-2026-0001-7',
  welcome_bonus: 50,
  stamps: false,
})

const rowOf = (id: string) => db.knex('outbound_emails').where('id', id).first()

const waitForRow = async (
  id: string,
  done: (row: Record<string, unknown>) => boolean,
  timeoutMs = 15_000,
) => {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const row = await rowOf(id)
    if (row && done(row)) return row
    if (Date.now() > deadline)
      throw new Error(`email ${id} never got there: ${JSON.stringify(row)}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

const hrefs = (mail: ParsedMail) =>
  [...String(mail.html).matchAll(/href="([^"]+)"/g)].map((match) => match[1]!)

describe('sending email through a real SMTP server', () => {
  it('delivers over STARTTLS (self-signed certificate) in each customer’s language, QR inline, links on the store’s canonical URL', async () => {
    const server = await smtpServer({
      tls: 'starttls',
      auth: { user: 'rewardflow', pass: 'Sécret-4711', methods: ['PLAIN', 'LOGIN'] },
    })
    const config = configFor(server.port, {
      SMTP_SECURE: 'starttls',
      SMTP_TLS_VERIFY: 'false',
      SMTP_USER: 'rewardflow',
      SMTP_PASS: 'Sécret-4711',
    })
    const emails = await withWorker(config, async () => {
      const queued = []
      for (const [language, name] of [
        ['fr', 'Zoé Lefèvre'],
        ['de', 'Jürgen Groß'],
        ['lb', 'Léckt Thëll'],
      ] as const)
        queued.push({
          language,
          name,
          ...(await queue('enrollment', language, enrollmentVariables(name))),
        })
      await server.waitForMessages(3)
      for (const { id } of queued) await waitForRow(id, (row) => row.status === 'sent')
      return queued
    })

    const expected: Record<string, { subject: string; text: string }> = {
      fr: {
        subject: 'Bienvenue chez FashionHub : votre carte de fidélité',
        text: 'Votre carte de fidélité FashionHub est prête.',
      },
      de: {
        subject: 'Willkommen bei FashionHub: Ihre Kundenkarte',
        text: 'Als Willkommensgeschenk haben wir Ihrer Karte bereits 50 Punkte gutgeschrieben.',
      },
      lb: {
        subject: 'Wëllkomm bei FashionHub: Är Fidelitéitskaart',
        text: 'Är Fidelitéitskaart vun FashionHub ass prett.',
      },
    }
    expect(server.sessions.every((s) => s.secure && s.user === 'rewardflow')).toBe(true)
    for (const { id, to, language, name } of emails) {
      const mail = server.messages.find((m) => m.to && !Array.isArray(m.to) && m.to.text === to)!
      expect(mail.subject).toBe(expected[language]!.subject)
      expect(mail.text).toContain(expected[language]!.text)
      expect(mail.text).toContain(name)
      expect(mail.html).toContain(`<html lang="${language}">`)
      expect(mail.html).toContain(name)
      expect(mail.from?.value).toEqual([
        { name: 'FashionHub', address: 'no-reply@rewardflow.test' },
      ])
      // The card's QR, attached inline and shown by cid.
      expect(mail.html).toContain('src="cid:card-qr@rewardflow"')
      const qr = mail.attachments.find((a) => a.cid === 'card-qr@rewardflow')
      expect(qr).toMatchObject({ contentType: 'image/png', contentDisposition: 'inline' })
      expect(qr!.content.subarray(1, 4).toString()).toBe('PNG')
      // Every link points at the store's canonical URL (its custom domain with HOST_ROUTING).
      expect(hrefs(mail).length).toBeGreaterThan(2)
      for (const href of hrefs(mail))
        expect(href.startsWith(`https://${CUSTOM_DOMAIN}/`)).toBe(true)
      expect(mail.html).toContain('background-color:#c0392b')
      expect(mail.html).toContain('src="https://cdn.example.lu/fashionhub.png"')
      expect(mail.messageId).toBe(`<${id}@rewardflow.test>`)
      const row = await rowOf(id)
      expect(row).toMatchObject({
        status: 'sent',
        attempts: 1,
        language,
        subject: expected[language]!.subject,
        message_id: `<${id}@rewardflow.test>`,
        from_address: 'FashionHub <no-reply@rewardflow.test>',
        smtp_host: `127.0.0.1:${server.port}`,
        last_error: null,
      })
      expect(row.smtp_response).toMatch(/^250 /)
      expect(row.sent_at).toBeInstanceOf(Date)
    }
  })

  it('refuses the self-signed certificate while verification is on, and says so on the row', async () => {
    const server = await smtpServer({ tls: 'starttls' })
    const config = configFor(server.port, { SMTP_SECURE: 'starttls' })
    const { id } = await queue('enrollment', 'en', enrollmentVariables('Ann'))
    const row = await withWorker(config, () =>
      waitForRow(id, (r) => Number(r.attempts) >= 1 && r.status === 'queued'),
    )
    expect(row.last_error).toMatch(/self[- ]signed certificate/i)
    expect(server.messages).toHaveLength(0)
  })

  it('delivers over implicit TLS', async () => {
    const server = await smtpServer({
      tls: 'tls',
      auth: { user: 'rewardflow', pass: 'pw', methods: ['PLAIN'] },
    })
    const config = configFor(server.port, {
      SMTP_SECURE: 'tls',
      SMTP_TLS_VERIFY: 'false',
      SMTP_USER: 'rewardflow',
      SMTP_PASS: 'pw',
    })
    const { id } = await queue('password_reset', 'de', {
      reset_url: storeUrls(config).absolute('resetPassword', { token: 'abc123' }),
      store_name: 'FashionHub',
      customer_name: 'Jürgen',
      valid_minutes: 60,
    })
    await withWorker(config, () => waitForRow(id, (row) => row.status === 'sent'))
    const [mail] = await server.waitForMessages(1)
    expect(server.sessions[0]).toEqual({ secure: true, user: 'rewardflow' })
    expect(mail!.subject).toBe('Passwort für FashionHub zurücksetzen')
    expect(mail!.text).toContain('Hallo Jürgen,')
    expect(mail!.text).toContain(`https://${CUSTOM_DOMAIN}/password/reset/abc123`)
    expect(mail!.text).toContain('60 Minuten gültig')
    expect(hrefs(mail!)).toContain(`https://${CUSTOM_DOMAIN}/password/reset/abc123`)
  })

  it('fails on a server whose PLAIN auth is broken, and SMTP_AUTH_METHOD=LOGIN fixes it', async () => {
    const server = await smtpServer({
      tls: 'none',
      auth: { user: 'rewardflow', pass: 'pw', methods: ['PLAIN', 'LOGIN'], brokenPlain: true },
    })
    const env = { SMTP_USER: 'rewardflow', SMTP_PASS: 'pw' }
    const auto = configFor(server.port, env)
    const first = await queue('welcome_bonus', 'fr', {
      ...SAMPLE_VARIABLES.welcome_bonus,
    })
    const failed = await withWorker(auto, () => waitForRow(first.id, (r) => r.status === 'failed'))
    expect(failed.attempts).toBe(1)
    expect(failed.last_error).toMatch(/535/)
    expect(failed.last_error).toMatch(/AUTH PLAIN/)
    expect(server.authAttempts).toEqual([{ method: 'PLAIN', ok: false }])

    const login = configFor(server.port, { ...env, SMTP_AUTH_METHOD: 'LOGIN' })
    const second = await queue('welcome_bonus', 'fr', {
      ...SAMPLE_VARIABLES.welcome_bonus,
    })
    await withWorker(login, () => waitForRow(second.id, (r) => r.status === 'sent'))
    expect(server.authAttempts.at(-1)).toEqual({ method: 'LOGIN', ok: true })
    const [mail] = await server.waitForMessages(1)
    expect(mail!.subject).toBe('Votre cadeau de bienvenue de FashionHub')
    expect(mail!.text).toContain('Nous avons ajouté 50 points à votre carte')
  })

  it('retries a temporary 4xx with backoff and then delivers once: one row, one message', async () => {
    const server = await smtpServer({
      answerRcpt: (n) => (n === 1 ? { code: 451, message: '4.7.1 Greylisted, try again' } : null),
    })
    const config = configFor(server.port)
    const { id, to } = await queue('reward_ready', 'lb', {
      ...SAMPLE_VARIABLES.reward_ready,
      reward_name: 'Gratis Kaffi',
    })
    const sent = await withWorker(config, async () => {
      const retrying = await waitForRow(id, (r) => r.attempts === 1 && r.status === 'queued')
      expect(retrying.last_error).toMatch(/451 4\.7\.1 Greylisted/)
      return waitForRow(id, (r) => r.status === 'sent')
    })
    expect(sent).toMatchObject({ attempts: 2, status: 'sent' })
    expect(sent.last_error).toMatch(/451/)
    expect(server.rcptAttempts()).toBe(2)
    expect(server.messages).toHaveLength(1)
    expect(server.messages[0]!.subject).toBe('Är Belounung waart bei FashionHub')
    expect(await db.knex('outbound_emails').where({ to_address: to })).toHaveLength(1)
  })

  it('marks a permanent 5xx failed at once, with no retry', async () => {
    const server = await smtpServer({
      answerRcpt: () => ({ code: 550, message: '5.1.1 No such mailbox' }),
    })
    const config = configFor(server.port)
    const { id } = await queue('points_expiring', 'de', {
      ...SAMPLE_VARIABLES.points_expiring,
    })
    await withWorker(config, async () => {
      const failed = await waitForRow(id, (r) => r.status === 'failed')
      expect(failed).toMatchObject({ attempts: 1 })
      expect(failed.last_error).toMatch(/550 5\.1\.1 No such mailbox/)
      expect(failed.failed_at).toBeInstanceOf(Date)
      // What was attempted stays on the failed row for the email log.
      expect(failed).toMatchObject({
        subject: expect.stringContaining('FashionHub'),
        from_address: 'FashionHub <no-reply@rewardflow.test>',
        smtp_host: `127.0.0.1:${server.port}`,
      })
      // Longer than the first backoff (e¹ s): nothing tries again.
      await new Promise((resolve) => setTimeout(resolve, 3_500))
    })
    expect(server.rcptAttempts()).toBe(1)
    expect(await db.knex('graphile_worker.jobs').where('key', `email:${id}`)).toEqual([])
    expect((await rowOf(id)).attempts).toBe(1)
  })

  it('records a refused connection and retries; the last attempt marks the email failed', async () => {
    const closedPort = await freePort()
    const config = configFor(closedPort)
    const startedAt = Date.now()
    const { id } = await queue('staff_invitation', 'en', {
      ...SAMPLE_VARIABLES.staff_invitation,
      accept_url: 'https://rewardflow.test/merchant/login',
    })
    await withWorker(config, async () => {
      const row = await waitForRow(id, (r) => r.attempts === 1 && r.status === 'queued')
      expect(row.last_error).toMatch(/ECONNREFUSED|ECONNECTION/)
      expect(row.last_error).toContain(`127.0.0.1:${closedPort}`)
    })
    const job = await db.knex('graphile_worker.jobs').where('key', `email:${id}`).first()
    expect(job).toMatchObject({ attempts: 1, max_attempts: 10 })
    expect(job.last_error).toMatch(/ECONNREFUSED|ECONNECTION/)
    // The retry waits (graphile-worker: e^attempts seconds), however slow this machine was.
    expect(job.run_at.getTime()).toBeGreaterThan(startedAt + 2_000)

    const mailer = createMailer()
    try {
      const outcome = await sendOutboundEmail(
        { db: db.knex, config, log, mailer },
        { outboundEmailId: id, attempt: 10, maxAttempts: 10 },
      )
      expect(outcome.status).toBe('failed')
    } finally {
      mailer.close()
    }
    expect(await rowOf(id)).toMatchObject({ status: 'failed', attempts: 2 })
  })

  it('never sends one email twice: a job run again after success, or two at once, send once', async () => {
    const server = await smtpServer({})
    const config = configFor(server.port)
    const variables = {
      ...SAMPLE_VARIABLES.password_reset,
      reset_url: storeUrls(config).absolute('resetPassword', { token: 'tok' }),
    }
    const once = await queue('password_reset', 'en', variables)
    await withWorker(config, async () => {
      await waitForRow(once.id, (r) => r.status === 'sent')
      // The same event's job again (a redelivered or duplicated job).
      const again = await enqueueJob(db.knex, 'email:send', { outboundEmailId: once.id })
      for (let i = 0; i < 50; i++) {
        if (!(await db.knex('graphile_worker.jobs').where('id', again).first())) break
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
    })
    expect(server.messages).toHaveLength(1)

    await db.knex.raw('DELETE FROM graphile_worker._private_jobs')
    const twice = await queue('password_reset', 'en', variables)
    const mailer = createMailer()
    try {
      const context = { db: db.knex, config, log, mailer }
      const props = { outboundEmailId: twice.id, attempt: 1, maxAttempts: 10 }
      const outcomes = await Promise.allSettled([
        sendOutboundEmail(context, props),
        sendOutboundEmail(context, props),
      ])
      const sent = outcomes.filter((o) => o.status === 'fulfilled' && o.value.status === 'sent')
      expect(sent).toHaveLength(1)
      const other = outcomes.find((o) => !(o.status === 'fulfilled' && o.value.status === 'sent'))
      if (other?.status === 'rejected') expect(other.reason).toBeInstanceOf(TemporaryEmailFailure)
      else expect(other?.value).toEqual({ status: 'skipped', reason: 'already-sent' })
    } finally {
      mailer.close()
    }
    await server.waitForMessages(2)
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(server.messages).toHaveLength(2)
    expect((await rowOf(twice.id)).attempts).toBe(1)
  })
})
