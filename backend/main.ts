import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { loadConfig, loadDotEnv } from './config.ts'
import { createLogger } from './logger.ts'
import { startServer } from './server.ts'
import { DEMO_STAFF_PIN, workingDemoLogins } from './seed/demo-seed.ts'
import { startDemoKiosk } from './kiosks/demo-kiosk.ts'
import { secondFactorKey } from './accounts/second-factor.ts'

// npm start — the whole product on its embedded defaults (or on DATABASE_URL).
loadDotEnv()
const config = (() => {
  try {
    return loadConfig()
  } catch (error) {
    // A refusal names each variable: no stack trace to read through.
    console.error(`\nRewardFlow could not start. ${(error as Error).message}\n`)
    process.exit(1)
  }
})()
const log = createLogger(config.logLevel)

const demoKeyFile = path.join(config.dataDir, 'demo-api-key.txt')

const server = await startServer(config, log).catch((error: unknown) => {
  log.fatal({ err: error }, 'RewardFlow could not start')
  console.error(`\nRewardFlow could not start: ${(error as Error).message}\n`)
  process.exit(1)
})

if (server.demoApiKeyToken) {
  mkdirSync(config.dataDir, { recursive: true })
  writeFileSync(demoKeyFile, `${server.demoApiKeyToken}\n`, { mode: 0o600 })
}
const demoKey = existsSync(demoKeyFile) ? readFileSync(demoKeyFile, 'utf8').trim() : null

const lines = [
  '',
  `RewardFlow is running (${config.roles.join(' + ')})${server.database.embedded ? ' on its embedded PostgreSQL' : ''}.`,
]
if (server.url) {
  lines.push(
    `  Health:      ${server.url}/healthz   ${server.url}/readyz   ${server.url}/version`,
    `  JSON API:    ${server.url}/api/v1    (OpenAPI: ${server.url}/api/v1/openapi.json)`,
  )
  if (config.seedDemoData)
    lines.push(
      `  Storefront:  ${server.url}/s/fashionhub/join   (or http://fashionhub.localhost:${server.port}/join)`,
    )
}
if (server.workerPort !== null) {
  const worker = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${server.workerPort}`
  lines.push(`  Worker:      ${worker}/healthz   ${worker}/metrics`)
}
if (server.localMailbox) {
  lines.push(
    `  Mailbox:     ${server.url ?? config.baseUrl}/admin/mailbox   (no SMTP_HOST: every email stays here;`,
    `               RewardFlow's own SMTP server on ${server.localMailbox.host}:${server.localMailbox.port})`,
  )
}
if (server.localApns) {
  lines.push(
    `  Apple Wallet: ${server.url ?? config.baseUrl}/admin/wallet/apple   (demo CA in ${config.dataDir}: passes`,
    `               do not install on a real iPhone; pushes go to the local APNs ${server.localApns.url})`,
  )
}
if (server.googleWalletStandIn) {
  lines.push(
    `  Google Wallet: local stand-in on ${server.googleWalletStandIn.url} (no GOOGLE_WALLET_* URL set;`,
    `               "Add to Google Wallet" opens its save page; settings: ${server.url ?? config.baseUrl}/admin/wallet)`,
  )
}
if (demoKey) {
  lines.push(
    '  Demo API key (merchant "Fashion Group S.A."):',
    `    ${demoKey}`,
    `    try: curl -H "Authorization: Bearer ${demoKey}" "${server.url ?? ''}/api/v1/cards?email=marie.schmit@example.lu"`,
  )
}
const demoLogins =
  server.url && config.seedDemoData
    ? await workingDemoLogins(server.database.knex, secondFactorKey(config))
    : []
const demoLoginsFile = path.join(config.dataDir, 'demo-logins.json')
if (demoLogins.length > 0) {
  lines.push('  Demo logins (demo data only):')
  for (const login of demoLogins) {
    lines.push(`    ${`${login.who}:`.padEnd(37)} ${login.email}  /  ${login.password}`)
    if (login.totpSecret)
      lines.push(`    ${''.padEnd(37)} TOTP secret (authenticator app): ${login.totpSecret}`)
  }
  // For scripts (and the e2e tests): the same logins, the admin's TOTP secret to compute codes.
  mkdirSync(config.dataDir, { recursive: true })
  writeFileSync(
    demoLoginsFile,
    `${JSON.stringify(
      demoLogins.map((login) => ({
        who: login.who,
        email: login.email,
        password: login.password,
        ...(login.totpSecret ? { totp_secret: login.totpSecret } : {}),
      })),
      null,
      2,
    )}\n`,
    { mode: 0o600 },
  )
} else if (existsSync(demoLoginsFile)) rmSync(demoLoginsFile)
const demoKiosk =
  server.url && config.seedDemoData && config.kioskWebPort > 0
    ? await startDemoKiosk(server.database.knex, {
        dataDir: config.dataDir,
        port: config.kioskWebPort,
        backendUrl: server.url,
      }).catch((error: unknown) => {
        log.error({ err: error }, 'the demo kiosk could not start')
        return null
      })
    : null
if (demoKiosk) {
  lines.push(
    `  Demo kiosk:  ${demoKiosk.url}   (FASHIONHUB, staff PIN ${DEMO_STAFF_PIN})`,
    `               to "scan", type a card number and Enter quickly, or type it in the number field:`,
    `               ${demoKiosk.sampleCard ? `${demoKiosk.sampleCard.number} (${demoKiosk.sampleCard.customer ?? 'demo member'})` : ''}`,
  )
}
lines.push('  Stop with Ctrl+C.', '')
console.log(lines.join('\n'))

let stopping = false
const shutdown = (signal: string) => {
  if (stopping) return
  stopping = true
  log.info({ signal }, 'shutting down')
  const force = setTimeout(() => {
    log.error('shutdown took longer than 20 s; exiting')
    process.exit(1)
  }, 20_000)
  force.unref()
  Promise.all([demoKiosk?.stop(), server.stop()]).then(
    () => {
      log.info('stopped')
      process.exit(0)
    },
    (error: unknown) => {
      log.error({ err: error }, 'shutdown failed')
      process.exit(1)
    },
  )
}
process.on('SIGINT', () => shutdown('SIGINT'))
process.on('SIGTERM', () => shutdown('SIGTERM'))
