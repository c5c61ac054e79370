import { execFileSync } from 'node:child_process'
import { createHash, randomBytes, randomUUID } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LANGUAGES } from '../../../shared/languages.ts'
import { cardQrPayload } from '../../../shared/scan-payload.ts'
import { createSession } from '../../accounts/session-store.ts'
import { loadConfig, type Config } from '../../config.ts'
import { earnPoints } from '../../loyalty/commands/earn-points.ts'
import { createLogger } from '../../logger.ts'
import { enrolAdminForTests, signInAdmin } from '../../test/admin-sign-in.ts'
import { buildMerchant, type BuiltMerchant } from '../../test/factories.ts'
import { runQueuedJobs } from '../../test/queued-jobs.ts'
import { rawKeysIn } from '../../test/raw-keys.ts'
import { buildAdminAccount, buildCustomerAccount, TEST_PASSWORD } from '../../test/test-accounts.ts'
import { startTestApp, type TestApp } from '../../test/test-app.ts'
import { useTestDatabase } from '../../test/test-database.ts'
import { TestBrowser, testSettings } from '../../test/test-web-app.ts'
import { LANGUAGE_COOKIE } from '../../web/pages/page-language.ts'
import { SESSION_COOKIES } from '../../web/sessions/session-middleware.ts'
import { startApnsStandIn, type ApnsStandIn } from './apns-stand-in.ts'
import { buildCardPass } from './build-pass.ts'
import { saveAppleWalletSettings } from './commands/save-apple-wallet-settings.ts'
import {
  issuePassCertificate,
  makeDemoAuthority,
  pems,
  type DemoAppleCertificates,
} from './demo-certificates.ts'
import { runAppleDiagnostics } from './diagnostics.ts'
import { pushCardPass } from './push-job.ts'

// Apple Wallet end to end on real parts: a self-made CA (root, WWDR-like intermediate, Pass
// Type ID certificate) saved through the admin's command, passes built and checked with the
// openssl binary, Apple's web service over real HTTP, pushes to the local HTTP/2 APNs.

const db = useTestDatabase()
const PASS_TYPE_ID = 'pass.lu.rewardflow.test'
const TEAM_ID = 'TEAM123456'
const ENV_KEYS = ['EMAIL_SETTINGS_KEY', 'DATA_DIR'] as const
const savedEnv = Object.fromEntries(ENV_KEYS.map((key) => [key, process.env[key]]))

let dir: string
let app: TestApp
let apns: ApnsStandIn
let authority: ReturnType<typeof makeDemoAuthority>
let certificates: DemoAppleCertificates
let merchant: BuiltMerchant
let config: Config
let customer: { email: string; cardId: string; number: string; customerId: string }

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'rf-apple-'))
  Object.assign(process.env, {
    EMAIL_SETTINGS_KEY: randomBytes(32).toString('base64'),
    DATA_DIR: dir,
  })
  config = loadConfig({ ...process.env, BASE_URL: 'http://localhost', DATABASE_URL: undefined })
  authority = makeDemoAuthority()
  const signer = issuePassCertificate(authority.wwdr, PASS_TYPE_ID, TEAM_ID)
  certificates = {
    root: pems(authority.root),
    wwdr: pems(authority.wwdr),
    signer: pems(signer),
    passTypeId: PASS_TYPE_ID,
    teamId: TEAM_ID,
  }
  const admin = await buildAdminAccount(db.knex)
  await saveAppleWalletSettings(db.knex, {
    adminId: admin.account.id,
    config,
    form: {
      passTypeId: PASS_TYPE_ID,
      teamId: TEAM_ID,
      signerCertificate: certificates.signer.certificate,
      signerKey: certificates.signer.privateKey,
      wwdrCertificate: certificates.wwdr.certificate,
    },
  })
  apns = await startApnsStandIn(certificates)
  config = { ...config, apple: { ...config.apple, apnsBaseUrl: apns.url, apnsCa: apns.ca } }
  merchant = await buildMerchant(db.knex)
  const account = await buildCustomerAccount(db.knex, merchant)
  const card = await db
    .knex('cards')
    .where({ customer_id: account.account.id })
    .first<{ id: string; number: string }>('id', 'number')
  customer = {
    email: account.email,
    cardId: card.id,
    number: card.number,
    customerId: account.account.id,
  }
  app = await startTestApp(db.knex)
})
afterAll(async () => {
  await app?.close()
  await apns?.stop()
  rmSync(dir, { recursive: true, force: true })
  for (const key of ENV_KEYS)
    if (savedEnv[key] === undefined) delete process.env[key]
    else process.env[key] = savedEnv[key]
})

const storePath = () => `${app.url}/s/${merchant.storeCodes[0].toLowerCase()}`

/** The files of a .pkpass (a zip), unpacked by the unzip binary. */
const unpack = (pkpass: Buffer) => {
  const target = mkdtempSync(path.join(dir, 'pass-'))
  writeFileSync(path.join(target, 'pass.pkpass'), pkpass)
  execFileSync('unzip', ['-q', 'pass.pkpass', '-d', 'files'], { cwd: target })
  const root = path.join(target, 'files')
  const files = readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)))
  return { root, files, read: (name: string) => readFileSync(path.join(root, name)) }
}

const earn = (cents: number) =>
  earnPoints(db.knex, {
    merchantId: merchant.merchantId,
    cardNumber: customer.number,
    storeCode: merchant.storeCodes[0],
    clientId: randomUUID(),
    amountCents: cents,
    actor: merchant.actor,
  })

const passJsonOf = (pkpass: Buffer) =>
  JSON.parse(unpack(pkpass).read('pass.json').toString()) as Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

describe('the Apple Wallet pass', () => {
  it('is a storeCard signed with PKCS#7 that openssl verifies against the CA, its manifest matching the files', async () => {
    await earn(32_000)
    const built = await buildCardPass(db.knex, config, {
      merchantId: merchant.merchantId,
      cardId: customer.cardId,
    })
    const pass = unpack(built.pkpass)
    // The signature over manifest.json verifies with the real openssl against our root.
    writeFileSync(path.join(dir, 'root.pem'), certificates.root.certificate)
    execFileSync(
      'openssl',
      [
        'smime',
        '-verify',
        '-binary',
        '-inform',
        'DER',
        '-in',
        'signature',
        '-content',
        'manifest.json',
        '-CAfile',
        path.join(dir, 'root.pem'),
        '-purpose',
        'any',
        '-out',
        '/dev/null',
      ],
      { cwd: pass.root, stdio: 'pipe' },
    )
    const manifest = JSON.parse(pass.read('manifest.json').toString()) as Record<string, string>
    const signed = pass.files.filter((name) => name !== 'manifest.json' && name !== 'signature')
    expect(Object.keys(manifest).sort()).toEqual(signed.sort())
    for (const name of signed)
      expect(manifest[name]).toBe(createHash('sha1').update(pass.read(name)).digest('hex'))

    const json = JSON.parse(pass.read('pass.json').toString())
    expect(json).toMatchObject({
      passTypeIdentifier: PASS_TYPE_ID,
      teamIdentifier: TEAM_ID,
      serialNumber: customer.cardId,
      webServiceURL: 'http://localhost/wallet/apple',
      barcodes: [
        {
          format: 'PKBarcodeFormatQR',
          message: cardQrPayload(
            `http://localhost/s/${merchant.storeCodes[0].toLowerCase()}`,
            customer.number,
          ),
        },
      ],
    })
    expect(json.authenticationToken).toMatch(/^[A-Za-z0-9_-]{32}$/)
    expect(json.storeCard.primaryFields[0]).toMatchObject({
      key: 'balance',
      value: 'balance_value',
      changeMessage: 'balance_change',
    })
    expect(pass.files).toEqual(expect.arrayContaining(['icon.png', 'logo.png']))
    const strings = (lang: string) => pass.read(`${lang}.lproj/pass.strings`).toString()
    expect(strings('en')).toContain('"balance_change" = "Balance: %@";')
    expect(strings('en')).toContain('"balance_value" = "320 points";')
    expect(strings('fr')).toContain('"balance_change" = "Solde : %@";')
    expect(strings('de')).toContain('"balance_value" = "320 Punkte";')
    expect(strings('lb')).toContain('"balance_value" = "320 Punkten";')
    expect(strings('en')).toContain('"next_reward_value" = "Reward 100: ready to redeem";')
    // A second build carries the same token (devices holding the first one stay authorized).
    const again = await buildCardPass(db.knex, config, {
      merchantId: merchant.merchantId,
      cardId: customer.cardId,
    })
    expect(passJsonOf(again.pkpass).authenticationToken).toBe(json.authenticationToken)
  })

  it('downloads from the storefront account for the signed-in member, with the badge on the card page in 4 languages', async () => {
    const anonymous = await new TestBrowser(storePath()).get('/account/card.pkpass')
    expect(anonymous.status).toBe(303)
    expect(anonymous.headers.get('location')).toContain('/login?next=')
    const session = await createSession(db.knex, {
      account: { audience: 'customer', id: customer.customerId, merchantId: merchant.merchantId },
      timeouts: testSettings().timeouts.customer,
    })
    for (const language of LANGUAGES) {
      const browser = new TestBrowser(storePath())
      browser.cookies.set(SESSION_COOKIES.customer, session.token)
      browser.cookies.set(LANGUAGE_COOKIE, language)
      const page = await browser.get('/account/card')
      expect(page.status).toBe(200)
      expect(page.text).toContain('data-wallet="apple"')
      expect(rawKeysIn(page.text)).toEqual([])
    }
    const response = await fetch(`${storePath()}/account/card.pkpass`, {
      headers: { cookie: `${SESSION_COOKIES.customer}=${session.token}` },
    })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/vnd.apple.pkpass')
    expect(passJsonOf(Buffer.from(await response.arrayBuffer())).serialNumber).toBe(customer.cardId)
    void TEST_PASSWORD
  })
})

describe("Apple's pass web service", () => {
  const service = (p: string) => `${app.url}/wallet/apple/v1${p}`
  const register = (device: string, serial: string, token: string, pushToken = `push-${device}`) =>
    fetch(service(`/devices/${device}/registrations/${PASS_TYPE_ID}/${serial}`), {
      method: 'POST',
      headers: { authorization: `ApplePass ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ pushToken }),
    })

  it('registers, lists, serves and unregisters through HTTP; a wrong token is the same 401 for a known and an unknown serial', async () => {
    const { pkpass } = await buildCardPass(db.knex, config, {
      merchantId: merchant.merchantId,
      cardId: customer.cardId,
    })
    const token = passJsonOf(pkpass).authenticationToken as string

    const wrongKnown = await register('device-a', customer.cardId, 'x'.repeat(32))
    const wrongUnknown = await register('device-a', randomUUID(), 'x'.repeat(32))
    const noToken = await fetch(
      service(`/devices/d/registrations/${PASS_TYPE_ID}/${customer.cardId}`),
      { method: 'DELETE' },
    )
    for (const refused of [wrongKnown, wrongUnknown, noToken]) {
      expect(refused.status).toBe(401)
      expect(await refused.text()).toBe('')
    }
    expect([...wrongKnown.headers.keys()].sort()).toEqual([...wrongUnknown.headers.keys()].sort())

    expect((await register('device-a', customer.cardId, token)).status).toBe(201)
    expect((await register('device-a', customer.cardId, token)).status).toBe(200)

    const list = await fetch(service(`/devices/device-a/registrations/${PASS_TYPE_ID}`))
    expect(list.status).toBe(200)
    const listed = (await list.json()) as { serialNumbers: string[]; lastUpdated: string }
    expect(listed.serialNumbers).toEqual([customer.cardId])
    const since = (tag: string) =>
      fetch(service(`/devices/device-a/registrations/${PASS_TYPE_ID}?passesUpdatedSince=${tag}`))
    expect((await since(listed.lastUpdated)).status).toBe(204)
    await earn(1_000)
    const changed = await since(listed.lastUpdated)
    expect(changed.status).toBe(200)
    expect(((await changed.json()) as { serialNumbers: string[] }).serialNumbers).toEqual([
      customer.cardId,
    ])

    const latest = await fetch(service(`/passes/${PASS_TYPE_ID}/${customer.cardId}`), {
      headers: { authorization: `ApplePass ${token}` },
    })
    expect(latest.status).toBe(200)
    expect(latest.headers.get('content-type')).toBe('application/vnd.apple.pkpass')
    const lastModified = latest.headers.get('last-modified')!
    expect(lastModified).toMatch(/GMT$/)
    expect(
      (
        await fetch(service(`/passes/${PASS_TYPE_ID}/${customer.cardId}`), {
          headers: { authorization: `ApplePass ${token}`, 'if-modified-since': lastModified },
        })
      ).status,
    ).toBe(304)
    expect(
      (
        await fetch(service(`/passes/${PASS_TYPE_ID}/${randomUUID()}`), {
          headers: { authorization: `ApplePass ${token}` },
        })
      ).status,
    ).toBe(401)

    const log = await fetch(service('/log'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ logs: ['a device said something'] }),
    })
    expect(log.status).toBe(200)

    const removed = await fetch(
      service(`/devices/device-a/registrations/${PASS_TYPE_ID}/${customer.cardId}`),
      {
        method: 'DELETE',
        headers: { authorization: `ApplePass ${token}` },
      },
    )
    expect(removed.status).toBe(200)
    expect((await fetch(service(`/devices/device-a/registrations/${PASS_TYPE_ID}`))).status).toBe(
      204,
    )
  })

  it('pushes once per device for a burst of movements, through HTTP/2 APNs; a 410 removes the registration', async () => {
    const { pkpass } = await buildCardPass(db.knex, config, {
      merchantId: merchant.merchantId,
      cardId: customer.cardId,
    })
    const token = passJsonOf(pkpass).authenticationToken as string
    expect((await register('phone-1', customer.cardId, token)).status).toBe(201)
    expect((await register('watch-1', customer.cardId, token)).status).toBe(201)
    await db.knex.raw(`DELETE FROM graphile_worker._private_jobs`)
    const before = apns.pushes.length
    for (let i = 0; i < 5; i++) await earn(500)

    const context = { db: db.knex, config, log: createLogger('silent') }
    const ran = await runQueuedJobs(db.knex, 'wallet:apple-push', (job) =>
      pushCardPass(context, job),
    )
    expect(ran).toBe(1)
    const pushes = apns.pushes.slice(before)
    expect(pushes.map((push) => push.pushToken).sort()).toEqual(['push-phone-1', 'push-watch-1'])
    expect(pushes.every((push) => push.topic === PASS_TYPE_ID && push.body === '{}')).toBe(true)

    // The watch no longer has the pass: APNs answers 410 and the registration goes.
    apns.gone.add('push-watch-1')
    await earn(500)
    await runQueuedJobs(db.knex, 'wallet:apple-push', (job) => pushCardPass(context, job))
    const left = await db
      .knex('apple_pass_registrations')
      .where('card_id', customer.cardId)
      .pluck('device_library_id')
    expect(left).toEqual(['phone-1'])
  })
})

describe('the Apple Wallet admin page and diagnostics', () => {
  it('reports an expired certificate and a key that does not match, each with its own message', () => {
    const expired = pems(
      issuePassCertificate(authority.wwdr, PASS_TYPE_ID, TEAM_ID, {
        notBefore: new Date('2020-01-01'),
        notAfter: new Date('2021-01-01'),
      }),
    )
    const base = {
      passTypeId: PASS_TYPE_ID,
      teamId: TEAM_ID,
      wwdrCertificate: certificates.wwdr.certificate,
    }
    const verdicts = (steps: ReturnType<typeof runAppleDiagnostics>) =>
      Object.fromEntries(
        steps.map((step) => [step.id, [step.verdict, ...step.hints.map((h) => h.key)]]),
      )

    const good = verdicts(
      runAppleDiagnostics({
        ...base,
        signerCertificate: certificates.signer.certificate,
        signerKey: certificates.signer.privateKey,
      }),
    )
    expect(good.key_matches).toEqual(['ok', 'wallet_apple:hint.key_matches'])
    expect(good.expiry![0]).toBe('ok')
    expect(good.pass_type_id).toEqual(['ok', 'wallet_apple:hint.pass_type_id_matches'])
    expect(good.trust).toEqual(['warning', 'wallet_apple:hint.demo_certificate'])

    const old = verdicts(
      runAppleDiagnostics({
        ...base,
        signerCertificate: expired.certificate,
        signerKey: expired.privateKey,
      }),
    )
    expect(old.expiry).toEqual([
      'failed',
      'wallet_apple:hint.certificate_expired',
      'wallet_apple:hint.certificate_valid_until',
    ])
    expect(old.key_matches![0]).toBe('ok')

    const wrongKey = verdicts(
      runAppleDiagnostics({
        ...base,
        signerCertificate: certificates.signer.certificate,
        signerKey: certificates.root.privateKey,
      }),
    )
    expect(wrongKey.key_matches).toEqual(['failed', 'wallet_apple:hint.key_mismatch'])
    expect(wrongKey.expiry![0]).toBe('ok')

    const otherId = verdicts(
      runAppleDiagnostics({
        ...base,
        passTypeId: 'pass.lu.other',
        signerCertificate: certificates.signer.certificate,
        signerKey: certificates.signer.privateKey,
      }),
    )
    expect(otherId.pass_type_id).toEqual(['failed', 'wallet_apple:hint.pass_type_id_mismatch'])
  })

  it('shows the settings and runs the diagnostics in 4 languages; a bad form keeps what was typed and saves nothing', async () => {
    const admin = await buildAdminAccount(db.knex)
    const secret = 'JBSWY3DPEHPK3PXP'
    await enrolAdminForTests(db.knex, admin.email, secret)
    const b = new TestBrowser(app.url)
    expect(
      (
        await signInAdmin(b, db.knex, {
          email: admin.email,
          password: TEST_PASSWORD,
          totpSecret: secret,
        })
      ).status,
    ).toBe(303)
    for (const language of LANGUAGES) {
      await b.post('/admin/language', { language, next: '/admin' })
      const page = await b.get('/admin/wallet/apple')
      expect(page.status).toBe(200)
      expect(page.text).toContain(`<html lang="${language}"`)
      expect(page.text).toContain(PASS_TYPE_ID)
      expect(page.text).not.toContain('PRIVATE KEY')
      const run = await b.post('/admin/wallet/apple/diagnostics')
      expect(run.status).toBe(200)
      expect(run.text).toContain('data-step="key_matches" data-verdict="ok"')
      expect(rawKeysIn(run.text)).toEqual([])
    }
    await b.post('/admin/language', { language: 'en', next: '/admin' })
    const refused = await b.post('/admin/wallet/apple', {
      pass_type_id: 'not-a-pass-id',
      team_id: TEAM_ID,
      signer_certificate: 'garbage',
      signer_key: '',
      wwdr_certificate: '',
    })
    expect(refused.status).toBe(422)
    expect(refused.text).toContain('Enter a pass type ID that starts with')
    expect(refused.text).toContain('This file is not a PEM certificate.')
    expect(refused.text).toContain('value="not-a-pass-id"')
    const row = await db.knex('apple_wallet_settings').first('pass_type_id')
    expect(row.pass_type_id).toBe(PASS_TYPE_ID)
  })
})
