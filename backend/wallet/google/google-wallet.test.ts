import { randomUUID } from 'node:crypto'
import { importSPKI, jwtVerify } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Config } from '../../config.ts'
import { earnPoints } from '../../loyalty/commands/earn-points.ts'
import { adjustBalance } from '../../loyalty/commands/adjust-balance.ts'
import { setCardBlocked } from '../../loyalty/customers/commands/set-card-blocked.ts'
import { buildCard, buildMerchant, type BuiltMerchant } from '../../test/factories.ts'
import { useTestDatabase } from '../../test/test-database.ts'
import {
  inBatches,
  insertSavedCards,
  startWalletFixture,
  startWorkerProcesses,
  TEST_ISSUER_ID,
  until,
} from '../../test/google-wallet.ts'
import { offerGoogleWalletSave } from './commands/offer-google-wallet-save.ts'
import { runGoogleWalletDiagnostics } from './diagnostics.ts'
import { saveGoogleWalletSettings } from './google-wallet-settings.ts'
import { makeServiceAccountJson } from './stand-in/demo-google-wallet.ts'
import { parseServiceAccount, publicKeyPemOf } from './service-account.ts'
import type { GoogleWalletStandIn } from './stand-in/stand-in-server.ts'
import { syncWalletClasses } from './sync-wallet-classes.ts'
import { updateWalletObject } from './update-wallet-object.ts'
import { createLogger } from '../../logger.ts'
import { enrolAdminForTests, signInAdmin } from '../../test/admin-sign-in.ts'
import { rawKeysIn } from '../../test/raw-keys.ts'
import { buildAdminAccount, TEST_PASSWORD } from '../../test/test-accounts.ts'
import { startTestApp } from '../../test/test-app.ts'
import { TestBrowser } from '../../test/test-web-app.ts'

// One journey against the local Google Wallet over HTTP and a real PostgreSQL: the save link,
// notifications, a blocked card, the diagnostics; then two real worker processes — a burst on
// one card is one PATCH, and 200 cards at once never exceed 20 requests a second.

const db = useTestDatabase()
let standIn: GoogleWalletStandIn
let config: Config
let env: Record<string, string>
let serviceAccountJson: string
let merchant: BuiltMerchant
const log = createLogger('silent')

beforeAll(async () => {
  ;({ standIn, config, env, serviceAccountJson } = await startWalletFixture(db.knex, db.url))
  merchant = await buildMerchant(db.knex, { type: 'points' })
}, 60_000)

afterAll(async () => {
  await standIn?.stop()
})

const earn = (number: string, amountCents: number) =>
  earnPoints(db.knex, {
    merchantId: merchant.merchantId,
    cardNumber: number,
    storeCode: merchant.storeCodes[0],
    clientId: randomUUID(),
    amountCents,
    actor: merchant.actor,
  })

const adjust = (number: string, pointsDelta: number) =>
  adjustBalance(db.knex, {
    merchantId: merchant.merchantId,
    cardNumber: number,
    clientId: randomUUID(),
    pointsDelta,
    stampsDelta: 0,
    reason: 'test',
    actor: merchant.actor,
  })

const objectId = (cardId: string) => `${TEST_ISSUER_ID}.card-${cardId}`
const requestsFor = (id: string, method: string) =>
  standIn.requests.filter((r) => r.method === method && r.path.endsWith(encodeURIComponent(id)))

/** A member who clicked Save and saved the pass on the phone. */
const savedCard = async () => {
  const card = await buildCard(db.knex, merchant)
  const { url } = await offerGoogleWalletSave(db.knex, config, {
    merchantId: merchant.merchantId,
    customerId: card.customerId,
    origin: 'https://fashionhub.rewardflow.test',
  })
  const saved = await fetch(url, { method: 'POST' })
  expect(saved.status).toBe(200)
  return { ...card, saveUrl: url }
}

describe('Google Wallet against the local stand-in', () => {
  it('signs a save link at click time that verifies with the public key and carries the object', async () => {
    await syncWalletClasses(db.knex, config)
    expect(
      standIn.classes.get(`${TEST_ISSUER_ID}.programme-${merchant.programmeId}`),
    ).toMatchObject({
      reviewStatus: 'UNDER_REVIEW',
      programLogo: { sourceUri: { uri: standIn.logoUrl } },
    })
    const card = await savedCard()
    expect(card.saveUrl.startsWith(standIn.saveUrl)).toBe(true)
    const jwt = card.saveUrl.slice(standIn.saveUrl.length)
    const account = parseServiceAccount(serviceAccountJson)
    if (!account.ok) throw new Error(account.problem)
    const key = await importSPKI(publicKeyPemOf(account.account.privateKeyPem), 'RS256')
    const { payload, protectedHeader } = await jwtVerify(jwt, key, { audience: 'google' })
    expect(protectedHeader.alg).toBe('RS256')
    expect(payload).toMatchObject({
      iss: account.account.clientEmail,
      typ: 'savetowallet',
      origins: ['https://fashionhub.rewardflow.test'],
      payload: {
        loyaltyObjects: [
          {
            id: objectId(card.cardId),
            classId: `${TEST_ISSUER_ID}.programme-${merchant.programmeId}`,
            accountId: card.number,
            state: 'ACTIVE',
            barcode: { type: 'QR_CODE', alternateText: card.number },
          },
        ],
      },
    })
    const page = await fetch(card.saveUrl)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain(card.number)
    expect(standIn.objects.has(objectId(card.cardId))).toBe(true)
  })

  it('asks for a notification only when a reward comes within reach, at most 3 times a day', async () => {
    const card = await savedCard()
    const update = () =>
      updateWalletObject(
        { db: db.knex, config, log },
        { merchantId: merchant.merchantId, cardId: card.cardId },
      )
    const notified = () =>
      requestsFor(objectId(card.cardId), 'PATCH').filter(
        (r) => r.body?.notifyPreference === 'notifyOnUpdate',
      ).length
    await earn(card.number, 5000) // 50 points: no reward yet
    await update()
    expect(notified()).toBe(0)
    // Within reach of the 100-point reward, then away and back, four times in all.
    for (let crossing = 1; crossing <= 4; crossing++) {
      await earn(card.number, 6000)
      await update()
      expect(notified()).toBe(Math.min(crossing, 3))
      await adjust(card.number, -60)
      await update()
    }
    const rows = await db
      .knex('google_wallet_notifications')
      .where({ card_id: card.cardId })
      .count<{ n: string }[]>({ n: '*' })
    expect(Number(rows[0]!.n)).toBe(3)
    expect(standIn.notifications.get(objectId(card.cardId))).toHaveLength(3)
    expect(standIn.requests.filter((r) => r.status === 429)).toHaveLength(0)
  })

  it("expires a blocked card's object", async () => {
    const card = await savedCard()
    await setCardBlocked(db.knex, {
      principal: {
        kind: 'merchant_user',
        id: randomUUID(),
        merchantId: merchant.merchantId,
        role: 'owner',
        storeIds: null,
      },
      number: card.number,
      blocked: true,
      reason: 'stolen',
    })
    const jobs = await db.knex('graphile_worker.jobs').where('key', `wallet:update:${card.cardId}`)
    expect(jobs).toHaveLength(1)
    await updateWalletObject(
      { db: db.knex, config, log },
      { merchantId: merchant.merchantId, cardId: card.cardId },
    )
    expect(standIn.objects.get(objectId(card.cardId))).toMatchObject({ state: 'EXPIRED' })
  })

  it('names a wrong key and an unreachable logo each with its own message', async () => {
    const good = await runGoogleWalletDiagnostics(db.knex, config)
    expect(good.filter((s) => s.status !== 'ok')).toEqual([])
    await saveGoogleWalletSettings(
      db.knex,
      config,
      {
        issuerId: TEST_ISSUER_ID,
        serviceAccountJson: makeServiceAccountJson('someone-else@other.iam.gserviceaccount.com'),
        allowedOrigins: '',
        defaultLogoUrl: 'http://127.0.0.1:9/unreachable-logo.png',
        version: 1,
      },
      null,
    )
    const steps = await runGoogleWalletDiagnostics(db.knex, config)
    expect(steps.find((s) => s.step === 'token')).toMatchObject({
      status: 'failed',
      message: 'token_refused',
    })
    expect(
      steps.find((s) => s.subject?.url === 'http://127.0.0.1:9/unreachable-logo.png'),
    ).toMatchObject({
      status: 'failed',
      message: 'logo_unreachable',
    })
    await saveGoogleWalletSettings(
      db.knex,
      config,
      {
        issuerId: TEST_ISSUER_ID,
        serviceAccountJson,
        allowedOrigins: 'https://fashionhub.rewardflow.test',
        defaultLogoUrl: standIn.logoUrl,
        version: 2,
      },
      null,
    )
  })

  it('turns a burst into one PATCH, and keeps 200 cards under 20 requests a second across two workers', async () => {
    const workers = await startWorkerProcesses(2, env)
    try {
      const burst = await savedCard()
      for (let i = 0; i < 5; i++) await earn(burst.number, 1000)
      const balanceOf = async (cardId: string) =>
        (
          await db
            .knex('cards')
            .where('id', cardId)
            .first<{ points_balance: number }>('points_balance')
        ).points_balance
      const onPhone = (cardId: string) =>
        (
          standIn.objects.get(objectId(cardId))?.loyaltyPoints as
            { balance?: { int?: number } } | undefined
        )?.balance?.int
      const burstBalance = await balanceOf(burst.cardId)
      await until(() => onPhone(burst.cardId) === burstBalance, 'the burst PATCH')
      expect(requestsFor(objectId(burst.cardId), 'PATCH')).toHaveLength(1)

      // 200 saved cards, each moving once, all at once.
      const cards = await insertSavedCards(db.knex, merchant, 200, standIn)
      const from = standIn.requests.length
      await inBatches(cards, 20, (card) => earn(card.number, 2500))
      await until(
        () => cards.every((card) => onPhone(card.cardId) === 25),
        'every card on the phone',
        90_000,
      )
      const sent = standIn.requests.slice(from)
      expect(sent.filter((r) => r.method === 'PATCH').length).toBeGreaterThanOrEqual(200)
      expect(sent.filter((r) => r.status === 429)).toHaveLength(0)
      expect(standIn.highestRate(TEST_ISSUER_ID)).toBeLessThanOrEqual(20)
    } finally {
      await workers.stop()
    }
  }, 180_000)
})

describe('the Google Wallet settings page', () => {
  it('keeps the key encrypted and never shows it, answers bad fields in the page language and a stale version with 409', async () => {
    const app = await startTestApp(db.knex)
    try {
      const admin = await buildAdminAccount(db.knex)
      const secret = 'JBSWY3DPEHPK3PXP'
      await enrolAdminForTests(db.knex, admin.email, secret)
      const b = new TestBrowser(app.url)
      const signedIn = await signInAdmin(b, db.knex, {
        email: admin.email,
        password: TEST_PASSWORD,
        totpSecret: secret,
      })
      expect(signedIn.status).toBe(303)
      const saved = () =>
        db.knex('google_wallet_settings').first<{
          issuer_id: string
          private_key_encrypted: string
          version: number
        }>('issuer_id', 'private_key_encrypted', 'version')
      const before = await saved()
      const keyFile = (json: string) => ({
        field: 'service_account',
        name: 'key.json',
        type: 'application/json',
        bytes: Buffer.from(json),
      })

      // In French: each bad field says what is wrong, what was typed stays, nothing is saved.
      await b.post('/admin/language', { language: 'fr', next: '/admin' })
      const refused = await b.postMultipart(
        '/admin/wallet',
        {
          issuer_id: 'abc',
          allowed_origins: 'pas une origine',
          default_logo_url: '',
          version: String(before!.version),
        },
        keyFile('not json'),
      )
      expect(refused.status).toBe(422)
      expect(refused.text).toContain(
        'Saisissez l’identifiant d’émetteur : des chiffres uniquement.',
      )
      expect(refused.text).toContain('Ce fichier n’est pas du JSON.')
      expect(refused.text).toContain('Chaque origine doit être une adresse web')
      expect(refused.text).toContain('value="abc"')
      expect(await saved()).toEqual(before)

      // A new key: stored encrypted, never in the page again.
      const accepted = await b.postMultipart(
        '/admin/wallet',
        {
          issuer_id: TEST_ISSUER_ID,
          allowed_origins: 'https://fashionhub.lu',
          default_logo_url: '',
          version: String(before!.version),
        },
        keyFile(serviceAccountJson),
      )
      expect(accepted.status).toBe(303)
      const after = await saved()
      expect(after!.version).toBe(before!.version + 1)
      expect(after!.private_key_encrypted).not.toContain('PRIVATE KEY')
      const page = await b.get('/admin/wallet')
      expect(page.text).not.toContain('PRIVATE KEY')
      expect(rawKeysIn(page.text)).toEqual([])

      // Saved from the version before: refused, nothing changed.
      const stale = await b.postMultipart('/admin/wallet', {
        issuer_id: TEST_ISSUER_ID,
        allowed_origins: '',
        default_logo_url: '',
        version: String(before!.version),
      })
      expect(stale.status).toBe(409)
      expect(await saved()).toEqual(after)
    } finally {
      await app.close()
    }
  })
})
