import type { Server } from 'node:http'
import type { Runner } from 'graphile-worker'
import type { Config } from './config.ts'
import type { Logger } from './logger.ts'
import { openDatabase, type Database } from './db/database.ts'
import { migrateLatest } from './db/migrate.ts'
import { createKnex } from './db/knex.ts'
import { createApp } from './app.ts'
import { startWorker } from './jobs/worker.ts'
import { jobHandlers } from './jobs/handlers.ts'
import { demoDataRefusal, seedDemoData } from './seed/demo-seed.ts'
import { secondFactorKey } from './accounts/second-factor.ts'
import { seedEmailTemplates } from './email/email-templates.ts'
import { startLocalMailbox } from './email/mailbox/local-mailbox.ts'
import { startApnsStandIn } from './wallet/apple/apns-stand-in.ts'
import { demoAppleCertificates } from './wallet/apple/demo-certificates.ts'
import { startDemoGoogleWallet } from './wallet/google/stand-in/demo-google-wallet.ts'
import { createMailer } from './email/mailer.ts'
import { readVersion } from './version.ts'
import { createMetrics } from './http/metrics.ts'
import { startOpsServer } from './http/ops-server.ts'
import { ensureWebAssets } from './web/assets/build-web-assets.ts'
import { loadAssetManifest } from './web/assets/asset-manifest.ts'

export type RunningServer = {
  database: Database
  url: string | null
  port: number | null
  /** The worker role's /healthz and /metrics port (WORKER_HTTP_PORT), when it has one. */
  workerPort: number | null
  seeded: boolean
  demoApiKeyToken: string | null
  /**
   * The embedded default of email (no SMTP_HOST): RewardFlow's own SMTP server on loopback,
   * whose messages the admin reads at /admin/mailbox. Null when SMTP_HOST is set.
   */
  localMailbox: { host: string; port: number } | null
  /** The local APNs stand-in that npm start runs for Apple Wallet's pushes (development only). */
  localApns: { url: string } | null
  /** The local Google Wallet stand-in (no GOOGLE_WALLET_* URL set, not production). */
  googleWalletStandIn: { url: string } | null
  stop: () => Promise<void>
}

/**
 * Starts RewardFlow in this process: database (embedded unless DATABASE_URL), migrations,
 * demo data on an empty database, then the roles asked for (web, worker or both).
 * `stop()` closes in reverse order: no new requests, in-flight jobs finish, database last.
 */
export const startServer = async (given: Config, log: Logger): Promise<RunningServer> => {
  let config = given
  const database = await openDatabase(config, log)
  const stops: (() => Promise<void>)[] = [() => database.close()]
  const stop = async () => {
    for (const fn of stops.reverse())
      await fn().catch((error) => log.error({ err: error }, 'shutdown step failed'))
  }
  try {
    // Migrations hold a session lock: on PostgreSQL itself, never through a transaction pooler.
    const direct = database.directConnectionString !== database.connectionString
    const migrator = direct
      ? createKnex(database.directConnectionString, { poolMax: 2, bindModels: false })
      : database.knex
    const applied = await migrateLatest(migrator, database.directConnectionString, log).finally(
      () => (direct ? migrator.destroy() : undefined),
    )
    if (applied.length) log.info({ migrations: applied }, 'migrations applied')

    // The demo logins are published: production refuses a database that has them.
    if (config.env === 'production') {
      const refusal = await demoDataRefusal(database.knex)
      if (refusal) throw new Error(`NODE_ENV=production refused: ${refusal}`)
    }
    let seeded = false
    let demoApiKeyToken: string | null = null
    if (config.seedDemoData) {
      const platforms = await database.knex('platforms').count({ n: '*' }).first()
      if (Number(platforms?.n ?? 0) === 0) {
        demoApiKeyToken = (
          await seedDemoData(database.knex, { secretKey: secondFactorKey(config) })
        ).demoApiKeyToken
        seeded = true
        log.info('demo data seeded')
      }
    }
    // Email templates are product data, seeded in every installation: missing ones are added,
    // an admin's edits are kept (npm run email:templates -- --force puts the files back).
    const templates = await seedEmailTemplates(database.knex)
    if (templates.inserted || templates.updated)
      log.info({ email_templates: templates }, 'email templates seeded')

    let localMailbox: RunningServer['localMailbox'] = null
    if (!config.smtp.host) {
      const mailbox = await startLocalMailbox(database.knex, log)
      localMailbox = { host: mailbox.host, port: mailbox.port }
      stops.push(() => mailbox.stop())
    }

    // npm start: Apple Wallet's pushes go to a local APNs (Apple's refuses the demo's
    // certificates anyway); APNS_BASE_URL points elsewhere (docs/deploying.md).
    let localApns: RunningServer['localApns'] = null
    if (config.env === 'development' && !config.apple.apnsBaseUrl) {
      const apns = await startApnsStandIn(demoAppleCertificates(config.dataDir))
      localApns = { url: apns.url }
      config = { ...config, apple: { ...config.apple, apnsBaseUrl: apns.url, apnsCa: apns.ca } }
      stops.push(() => apns.stop())
    }
    // No Google Wallet URL set outside production: a local Google Wallet and a demo issuer.
    let googleWalletStandIn: RunningServer['googleWalletStandIn'] = null
    if (config.googleWallet.standIn) {
      const demo = await startDemoGoogleWallet(database.knex, config, log)
      config = { ...config, googleWallet: demo.endpoints }
      googleWalletStandIn = { url: demo.standIn.url }
      stops.push(() => demo.standIn.stop())
    }

    const metrics = createMetrics(database.knex)
    const version = readVersion(config.gitCommit)
    let runner: Runner | null = null
    let workerPort: number | null = null
    if (config.roles.includes('worker')) {
      const mailer = createMailer()
      stops.push(async () => mailer.close())
      // Its own port for the probe and the scraper; stopped after the runner (stops run in
      // reverse), so /healthz answers while the running jobs finish.
      let runnerEnded = false
      if (config.workerHttpPort !== undefined) {
        const ops = await startOpsServer({
          db: database.knex,
          version,
          host: config.host,
          port: config.workerHttpPort,
          metrics,
          alive: () => !runnerEnded,
        })
        workerPort = ops.port
        stops.push(() => ops.stop())
      }
      runner = await startWorker({
        connectionString: database.directConnectionString,
        db: database.knex,
        log,
        config,
        mailer,
        concurrency: config.workerConcurrency,
        handlers: jobHandlers,
        onFailure: (task) => metrics.jobFailures.inc({ task }),
        deadAfterSeconds: config.workerDeadAfterSeconds,
        // Declared dead while stalled: its jobs may be running elsewhere now. Stop (the
        // orchestrator starts a fresh process), through the normal shutdown.
        onLeaseLost: () => process.kill(process.pid, 'SIGTERM'),
      })
      const r = runner
      let stopping = false
      // A runner that ends while the process is not stopping is a dead worker: /healthz says so.
      void r.promise.then(
        () => (runnerEnded = true),
        (error: unknown) => {
          runnerEnded = true
          if (!stopping) log.error({ err: error }, 'the job runner stopped')
        },
      )
      stops.push(async () => {
        stopping = true
        await r.stop()
      })
    }

    let server: Server | null = null
    let port: number | null = null
    if (config.roles.includes('web')) {
      await ensureWebAssets({ log })
      loadAssetManifest()
      let draining = false
      const app = createApp({
        config,
        db: database.knex,
        log,
        version,
        baseUrl: config.baseUrl,
        metrics,
        draining: () => draining,
      })
      server = await new Promise<Server>((resolve, reject) => {
        const s = app.listen(config.port, config.host, () => resolve(s))
        s.once('error', reject)
      })
      server.keepAliveTimeout = 65_000
      const address = server.address()
      port = typeof address === 'object' && address ? address.port : config.port
      const s = server
      stops.push(async () => {
        // Not ready first, still serving, so the load balancer moves new requests elsewhere;
        // then no new connections, and the requests in flight finish.
        draining = true
        if (config.shutdownDrainSeconds > 0) {
          log.info({ seconds: config.shutdownDrainSeconds }, 'draining: /readyz answers 503')
          await new Promise((resolve) => setTimeout(resolve, config.shutdownDrainSeconds * 1000))
        }
        await new Promise<void>((resolve) => {
          s.close(() => resolve())
          s.closeIdleConnections()
        })
      })
    }
    return {
      database,
      url: port === null ? null : config.baseUrl,
      port,
      workerPort,
      seeded,
      demoApiKeyToken,
      localMailbox,
      localApns,
      googleWalletStandIn,
      stop,
    }
  } catch (error) {
    await stop()
    throw error
  }
}
