import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LANGUAGES, type Language } from '../../shared/languages.ts'
import { translator } from '../i18n/i18n.ts'
import { errorMessage } from '../i18n/error-message.ts'
import { DEMO, seedDemoData } from '../seed/demo-seed.ts'
import { startTestApp, type TestApp } from '../test/test-app.ts'
import { useTestDatabase } from '../test/test-database.ts'
import { createMerchantUser } from '../accounts/commands/create-merchant-user.ts'
import { signInDemoOwner, signInMerchant } from '../test/merchant-sign-in.ts'
import { rawKeysIn } from '../test/raw-keys.ts'
import { enrollCustomer } from '../loyalty/commands/enroll-customer.ts'
import { systemActor } from '../auth/actor.ts'
import { createKioskPairing } from '../kiosks/commands/create-kiosk.ts'

// The Review page through the real app: every language; the owner applies an offline
// redemption that overdrew (balance 0, the rest written off) and dismisses another (a reason
// required, the typed values kept); a decided item is not decided twice; a manager of one store
// sees and decides only the items of that store's kiosks; the dashboard says how many wait.

const db = useTestDatabase()
let app: TestApp
const kiosks: Record<string, string> = {}

beforeAll(async () => {
  await seedDemoData(db.knex)
  app = await startTestApp(db.knex)
  for (const store of ['FASHIONHUB', 'FASHIONOUTLET']) {
    const pairing = await createKioskPairing(db.knex, {
      merchantId: DEMO.fashion.merchantId,
      storeCode: store,
      name: `Till ${store}`,
      baseUrl: 'http://localhost',
      actor: systemActor(DEMO.fashion.merchantId, 'test'),
    })
    const paired = await app.request('POST', '/api/v1/kiosk/pair', {
      body: { code: pairing.code, app_version: '1.0.0' },
    })
    kiosks[store] = paired.body.data.credential
  }
})
afterAll(() => app.close())

/**
 * A new member (50 welcome points) for whom the kiosk of `store` gave a 100-point reward
 * offline: the server cannot take it, the item waits for review. Its card number and item id.
 */
const overdrawnOffline = async (store: 'FASHIONHUB' | 'FASHIONOUTLET') => {
  const enrolled = await enrollCustomer(db.knex, {
    merchantId: DEMO.fashion.merchantId,
    storeCode: 'FASHIONHUB',
    clientId: randomUUID(),
    email: `review-${randomUUID()}@example.lu`,
    name: 'Rita Review',
    actor: systemActor(DEMO.fashion.merchantId, 'test'),
  })
  const clientId = randomUUID()
  const synced = await app.request('POST', '/api/v1/kiosk/sync', {
    token: kiosks[store],
    body: {
      cursor: null,
      device_time: new Date().toISOString(),
      app_version: '1.0.0',
      queue_length: 1,
      operations: [
        {
          client_id: clientId,
          type: 'redeem',
          occurred_at: new Date(Date.now() - 3 * 3_600_000).toISOString(),
          decided_offline: true,
          payload: { card_number: enrolled.card.number, reward_id: DEMO.fashion.rewardIds[0] },
        },
      ],
    },
  })
  expect(synced.body.data.results[0].outcome).toBe('review')
  const { review_id } = await db.knex('kiosk_operations').where('client_id', clientId).first()
  return { number: enrolled.card.number as string, id: review_id as string }
}

const owner = (language?: Language) => signInDemoOwner(app.url, language)

const outletManager = async () => {
  const email = `review-outlet-${Date.now()}@fashion-group.lu`
  await createMerchantUser(db.knex, {
    merchantId: DEMO.fashion.merchantId,
    email,
    name: 'Olga Outlet',
    role: 'manager',
    storeIds: [DEMO.fashion.outletStoreId],
    password: 'a long manager password',
    passwordCost: 10,
    preferredLanguage: 'en',
  })
  return signInMerchant(app.url, email, 'a long manager password')
}

const balanceOf = async (number: string) =>
  (await db.knex('cards').where('number', number).first()).points_balance as number

describe('the Review page', () => {
  it('renders in every language with the right <html lang> and no raw key, the item listed', async () => {
    const item = await overdrawnOffline('FASHIONHUB')
    const b = await owner()
    for (const language of LANGUAGES) {
      await b.post('/merchant/language', { language, next: '/merchant/review' })
      const page = await b.get('/merchant/review')
      expect(page.status).toBe(200)
      expect(page.text).toContain(`<html lang="${language}">`)
      const t = translator(language, 'merchant')
      expect(page.text).toContain(`>${t('nav.review')}<`)
      expect(page.text).toContain(`data-review="${item.id}"`)
      expect(page.text).toContain(
        errorMessage('INSUFFICIENT_POINTS', { balance: 50, cost: 100 }, language),
      )
      expect(rawKeysIn(page.text)).toEqual([])
      const decided = await b.get('/merchant/review?status=decided')
      expect(decided.status).toBe(200)
      expect(rawKeysIn(decided.text)).toEqual([])
      const dashboard = await b.get('/merchant')
      expect(dashboard.text).toContain('data-oldest-review')
      expect(rawKeysIn(dashboard.text)).toEqual([])
    }
  })

  it('applies an overdrawing redemption: balance 0, the write-off shown, decided once', async () => {
    const item = await overdrawnOffline('FASHIONHUB')
    const b = await owner('fr')
    const t = translator('fr', 'merchant')
    const applied = await b.post(`/merchant/review/${item.id}/apply`, { version: '1' })
    expect(applied.status).toBe(303)
    expect(applied.headers.get('location')).toBe('/merchant/review?done=applied')
    expect(await balanceOf(item.number)).toBe(0)
    const waiting = await b.get('/merchant/review?done=applied')
    expect(waiting.text).toContain(t('review_page.done_applied'))
    expect(waiting.text).not.toContain(`data-review="${item.id}"`)
    const decided = await b.get('/merchant/review?status=decided')
    expect(decided.text).toContain(`data-review="${item.id}"`)
    expect(decided.text).toContain('data-write-off')
    // A second decision (another tab, the same version): refused, said, nothing done.
    const again = await b.post(`/merchant/review/${item.id}/dismiss`, {
      version: '1',
      reason: 'Changed my mind',
    })
    expect(again.status).toBe(409)
    expect(again.text).toContain(errorMessage('REVIEW_ALREADY_DECIDED', {}, 'fr'))
    expect(await db.knex('kiosk_operations').where('review_id', item.id).first()).toMatchObject({
      decision: 'applied',
    })
    const audit = await db.knex('audit_log').where({ subject_id: item.id, action: 'review.apply' })
    expect(audit).toHaveLength(1)
  })

  it('dismisses only with a reason, re-showing the form with a message in the page language', async () => {
    const item = await overdrawnOffline('FASHIONHUB')
    const b = await owner('de')
    const t = translator('de', 'merchant')
    const refused = await b.post(`/merchant/review/${item.id}/dismiss`, {
      version: '1',
      reason: ' x ',
    })
    expect(refused.status).toBe(422)
    expect(refused.text).toContain(t('review_page.errors.reason'))
    expect(refused.text).toMatch(/<textarea[^>]*id="reason-[^"]+"[^>]*aria-invalid="true"/)
    expect(refused.text).toContain('> x </textarea>')
    const dismissed = await b.post(`/merchant/review/${item.id}/dismiss`, {
      version: '1',
      reason: 'Reward paid in cash',
    })
    expect(dismissed.status).toBe(303)
    expect(await balanceOf(item.number)).toBe(50)
    expect(await db.knex('kiosk_operations').where('review_id', item.id).first()).toMatchObject({
      decision: 'dismissed',
      decision_reason: 'Reward paid in cash',
    })
  })

  it("lets a manager of one store see and decide only the items of that store's kiosks", async () => {
    const atHub = await overdrawnOffline('FASHIONHUB')
    const atOutlet = await overdrawnOffline('FASHIONOUTLET')
    const b = await outletManager()
    const page = await b.get('/merchant/review')
    expect(page.status).toBe(200)
    expect(page.text).toContain(`data-review="${atOutlet.id}"`)
    expect(page.text).not.toContain(`data-review="${atHub.id}"`)
    const refused = await b.post(`/merchant/review/${atHub.id}/apply`, { version: '1' })
    expect(refused.status).toBe(404)
    expect(await db.knex('kiosk_operations').where('review_id', atHub.id).first()).toMatchObject({
      decision: null,
    })
    const applied = await b.post(`/merchant/review/${atOutlet.id}/apply`, { version: '1' })
    expect(applied.status).toBe(303)
  })
})
