import os from 'node:os'
import { randomCardNumber } from '../../shared/card-number.ts'
import { loadConfig } from '../config.ts'
import { createKnex } from '../db/knex.ts'
import { migrateLatest } from '../db/migrate.ts'
import { seedEmailTemplates } from '../email/email-templates.ts'
import { createMailer } from '../email/mailer.ts'
import { queueEmail } from '../email/queue-email.ts'
import { effectiveSmtpConfig } from '../email/smtp-config.ts'
import { jobHandlers } from '../jobs/handlers.ts'
import { startWorker } from '../jobs/worker.ts'
import { createLogger } from '../logger.ts'
import { buildMerchant } from '../test/factories.ts'
import { startCountingSmtpServer } from '../test/test-smtp-server.ts'
import { openScratchDatabase } from './scratch-database.ts'
import { cleanupsOnExit, positiveEnv, round } from './harness.ts'
import { percentile } from './load.ts'

// npm run bench:email — enrollment emails through the real worker (the `email:send` handler,
// nodemailer's pooled transport) to an SMTP server on loopback. The emails are queued first,
// each in its own transaction with queueEmail (as a storefront join does); the clock runs from
// the worker's start until every row is `sent` and the server has received every message.
// Env: BENCH_EMAILS (default 1000), WORKER_CONCURRENCY (default 4, as in production),
// BENCH_TIMEOUT_SECONDS (default 300), DATABASE_URL (else an embedded, durable PostgreSQL).
// Exit code 0 whether or not the target is met (the last line says); 1 if the run failed.

const EMAILS = Math.round(positiveEnv('BENCH_EMAILS', 1000))
const TIMEOUT_MS = positiveEnv('BENCH_TIMEOUT_SECONDS', 300) * 1000
const TARGETS = { emails_per_second_min: 50 }

const log = createLogger('warn')
const { cleanups, cleanUp } = cleanupsOnExit()

const mb = (bytes: number) => round(bytes / 1024 / 1024, 1)

/** Peak resident set size of this process, sampled every 100 ms. */
const rssSampler = () => {
  let peak = process.memoryUsage().rss
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100)
  return {
    peak: () => Math.max(peak, process.memoryUsage().rss),
    reset: () => (peak = process.memoryUsage().rss),
    stop: () => clearInterval(timer),
  }
}

type StatusCounts = { sent: number; failed: number; queued: number; sending: number }

const main = async () => {
  const rss = rssSampler()
  cleanups.push(async () => rss.stop())
  const database = await openScratchDatabase(log)
  cleanups.push(database.dispose)
  const smtp = await startCountingSmtpServer()
  cleanups.push(smtp.close)

  const config = loadConfig({
    ...process.env,
    BASE_URL: 'https://rewardflow.test',
    HOST_ROUTING: 'true',
    DATABASE_URL: database.url,
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(smtp.port),
    SMTP_SECURE: 'none',
    SMTP_USER: '',
    SMTP_PASS: '',
    EMAIL_FROM: 'RewardFlow <no-reply@rewardflow.test>',
    LOG_LEVEL: 'warn',
  })
  const knex = createKnex(database.url, { poolMax: config.workerConcurrency + 2 })
  cleanups.push(() => knex.destroy())
  await migrateLatest(knex, database.url, log)
  await seedEmailTemplates(knex)
  const effective = await effectiveSmtpConfig(knex, config)
  if (effective.host.value !== '127.0.0.1' || effective.port.value !== smtp.port)
    throw new Error(`the effective SMTP settings do not point at the bench server`)

  console.log(
    `RewardFlow email benchmark: ${EMAILS} enrollment emails, worker concurrency ` +
      `${config.workerConcurrency}, ${os.cpus().length} CPUs`,
  )
  console.log(`  database:  ${database.description}`)
  console.log(
    `  smtp:      smtp-server on 127.0.0.1:${smtp.port} (no TLS, no auth; counts messages, ` +
      `drops bodies), reached through effectiveSmtpConfig (${effective.host.source}) and ` +
      `nodemailer's pool`,
  )

  const merchant = await buildMerchant(knex, { programme: { welcome_bonus: 50 } })
  const [store] = await knex('stores').where('id', merchant.storeIds[0]).select('name')
  const queueStart = performance.now()
  for (let i = 0; i < EMAILS; i++) {
    const number = randomCardNumber()
    await knex.transaction((trx) =>
      queueEmail(trx, {
        template: 'enrollment',
        to: `member-${i}@example.test`,
        language: i % 2 === 0 ? 'en' : 'fr',
        merchantId: merchant.merchantId,
        storeId: merchant.storeIds[0],
        variables: {
          customer_name: `Member ${i}`,
          store_name: store.name as string,
          card_number: number,
          welcome_bonus: 50,
          stamps: false,
        },
      }),
    )
  }
  const queueSeconds = (performance.now() - queueStart) / 1000
  console.log(
    `  queued:    ${EMAILS} emails in ${round(queueSeconds, 2)} s, one transaction each ` +
      `(outbound_emails row + email:send job)\n`,
  )

  const counts = async (): Promise<StatusCounts> => {
    const rows = await knex('outbound_emails')
      .where('merchant_id', merchant.merchantId)
      .groupBy('status')
      .select('status', knex.raw('count(*)::int AS n'))
    const result: StatusCounts = { sent: 0, failed: 0, queued: 0, sending: 0 }
    for (const row of rows as { status: keyof StatusCounts; n: number }[])
      result[row.status] = row.n
    return result
  }

  const rssBefore = process.memoryUsage().rss
  rss.reset()
  const mailer = createMailer()
  cleanups.push(async () => mailer.close())
  const start = performance.now()
  const runner = await startWorker({
    connectionString: database.url,
    db: knex,
    log,
    config,
    mailer,
    concurrency: config.workerConcurrency,
    handlers: jobHandlers,
  })
  let stopped = false
  const stopWorker = async () => {
    if (stopped) return
    stopped = true
    await runner.stop()
  }
  cleanups.push(stopWorker)

  let status = await counts()
  let timedOut = false
  while (status.sent + status.failed < EMAILS || smtp.received().messages < status.sent) {
    if (performance.now() - start > TIMEOUT_MS) {
      timedOut = true
      break
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
    status = await counts()
  }
  const seconds = (performance.now() - start) / 1000
  const peakRss = rss.peak()
  await stopWorker()
  mailer.close()
  // Anything that arrives late (a duplicate) must still be counted.
  await new Promise((resolve) => setTimeout(resolve, 200))
  const received = smtp.received()

  // Per email: from the worker's claim (queued → sending) to the row marked sent (database clock).
  const durations = (await knex('outbound_emails')
    .where({ merchant_id: merchant.merchantId, status: 'sent' })
    .select(
      knex.raw('extract(epoch FROM (sent_at - last_attempt_at)) * 1000 AS ms'),
      'attempts',
    )) as { ms: string | number; attempts: number }[]
  const times = Float64Array.from(durations, (d) => Number(d.ms)).sort()
  const retried = durations.filter((d) => d.attempts > 1).length
  const emailsPerSecond = status.sent / seconds

  const checks = {
    all_sent: status.sent === EMAILS,
    none_failed: status.failed === 0,
    messages_received_match: received.messages === EMAILS,
    timed_out: timedOut,
  }
  const figures = {
    emails: EMAILS,
    worker_concurrency: config.workerConcurrency,
    seconds: round(seconds, 2),
    emails_per_second: round(emailsPerSecond, 1),
    per_email_p50_ms: round(percentile(times, 0.5), 1),
    per_email_p95_ms: round(percentile(times, 0.95), 1),
    sent: status.sent,
    failed: status.failed,
    retried,
    messages_received: received.messages,
    average_message_kb: round(received.bytes / Math.max(1, received.messages) / 1024, 1),
    rss_before_mb: mb(rssBefore),
    peak_rss_mb: mb(peakRss),
    queue_seconds: round(queueSeconds, 2),
  }
  const targetMet =
    emailsPerSecond >= TARGETS.emails_per_second_min &&
    checks.all_sent &&
    checks.none_failed &&
    checks.messages_received_match &&
    !checks.timed_out

  const mark = (ok: boolean) => (ok ? 'met' : 'MISSED')
  console.log(
    [
      `drained:           ${status.sent} sent, ${status.failed} failed, ${retried} retried, in ` +
        `${figures.seconds} s${timedOut ? ` (TIMED OUT after ${TIMEOUT_MS / 1000} s)` : ''}`,
      `throughput:        ${figures.emails_per_second} emails/s   (target >= ` +
        `${TARGETS.emails_per_second_min}: ${mark(emailsPerSecond >= TARGETS.emails_per_second_min)})`,
      `per email:         p50 ${figures.per_email_p50_ms} ms, p95 ${figures.per_email_p95_ms} ms ` +
        `(claim to sent: render, QR, SMTP, row updates)`,
      `server received:   ${received.messages} messages, ${figures.average_message_kb} KB each ` +
        `on average`,
      `memory (RSS):      ${figures.rss_before_mb} MB before the worker, peak ` +
        `${figures.peak_rss_mb} MB while draining (this process; PostgreSQL not included)`,
      `checks:            all sent: ${checks.all_sent}, none failed: ${checks.none_failed}, ` +
        `messages received = emails: ${checks.messages_received_match}`,
      `target met:        ${targetMet ? 'yes' : 'NO'}`,
      '',
    ].join('\n'),
  )
  await cleanUp()
  console.log(
    JSON.stringify({ bench: 'email', figures, checks, targets: TARGETS, target_met: targetMet }),
  )
}

try {
  await main()
} catch (error) {
  console.error('\nThe benchmark failed:', error)
  await cleanUp()
  process.exit(1)
}
