import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LANGUAGES } from '../../shared/languages.ts'
import { AlertPage } from '../../shared/schemas/alerts-api.ts'
import { createMerchantUser } from '../accounts/commands/create-merchant-user.ts'
import { ALERT_KINDS, type AlertKind } from '../alerts/alert-kinds.ts'
import { createApiKey } from '../api-keys/api-keys.ts'
import { systemActor } from '../auth/actor.ts'
import { errorMessage } from '../i18n/error-message.ts'
import { translator } from '../i18n/i18n.ts'
import { DEMO, seedDemoData } from '../seed/demo-seed.ts'
import { signInDemoOwner, signInMerchant } from '../test/merchant-sign-in.ts'
import { rawKeysIn } from '../test/raw-keys.ts'
import { startTestApp, type TestApp } from '../test/test-app.ts'
import { useTestDatabase } from '../test/test-database.ts'

// The Alerts page and /api/v1/alerts through the real app: every language and every kind with
// no raw key; acknowledged once (who and when kept, listed apart, a second one refused); a
// manager of one store sees and acknowledges only the alerts about that store; the dashboard
// counts the open ones. The sweep that raises them is tested in backend/alerts.

const db = useTestDatabase()
let app: TestApp
let token: string
let kioskHub: string
let kioskOutlet: string
let card: { id: string; number: string }
const M = DEMO.fashion.merchantId

const DETAILS: Record<AlertKind, Record<string, unknown>> = {
  kiosk_silent: { last_seen_at: '2026-12-07T08:00:00.000Z', threshold: 30 },
  kiosk_pending: { oldest_pending_at: '2026-12-07T08:00:00.000Z', threshold: 60 },
  card_earnings: { day: '2026-12-07', count: 7, threshold: 5 },
  large_adjustment: { entry_id: randomUUID(), points: 900, stamps: 0, threshold: 500 },
  two_stores: { store_ids: [], minutes: 4, threshold: 30 },
  pin_failures: { day: '2026-12-07', count: 12, threshold: 10 },
  quick_redemption: { entry_id: randomUUID(), minutes: 12 },
}

const raise = async (kind: AlertKind, storeId: string | null = DEMO.fashion.hubStoreId) => {
  const kiosk = kind.startsWith('kiosk') || kind === 'pin_failures'
  const [row] = await db
    .knex('alerts')
    .insert({
      merchant_id: M,
      kind,
      key: `${kind}:${randomUUID()}`,
      store_id: storeId,
      kiosk_id: kiosk ? (storeId === DEMO.fashion.outletStoreId ? kioskOutlet : kioskHub) : null,
      card_id: kiosk ? null : card.id,
      details: DETAILS[kind],
    })
    .returning('id')
  return row.id as string
}

beforeAll(async () => {
  await seedDemoData(db.knex)
  app = await startTestApp(db.knex)
  token = (await createApiKey(db.knex, { merchantId: M, name: 'alerts', actor: systemActor(M) }))
    .token
  const kiosks = await db
    .knex('kiosks')
    .insert([
      { merchant_id: M, store_id: DEMO.fashion.hubStoreId, name: 'Till Hub', status: 'active' },
      { merchant_id: M, store_id: DEMO.fashion.outletStoreId, name: 'Till Out', status: 'active' },
    ])
    .returning('id')
  kioskHub = kiosks[0].id
  kioskOutlet = kiosks[1].id
  card = await db.knex('cards').where('merchant_id', M).first('id', 'number')
})
afterAll(() => app.close())

const owner = () => signInDemoOwner(app.url)

describe('the Alerts page', () => {
  it('shows every kind in every language with the right <html lang> and no raw key', async () => {
    const ids = await Promise.all(ALERT_KINDS.map((kind) => raise(kind)))
    const b = await owner()
    for (const language of LANGUAGES) {
      await b.post('/merchant/language', { language, next: '/merchant/alerts' })
      const t = translator(language, 'merchant')
      const page = await b.get('/merchant/alerts')
      expect(page.status).toBe(200)
      expect(page.text).toContain(`<html lang="${language}">`)
      expect(page.text).toContain(`>${t('nav.alerts')}<`)
      for (const id of ids) expect(page.text).toContain(`data-alert="${id}"`)
      for (const kind of ALERT_KINDS) expect(page.text).toContain(t(`alerts.kinds.${kind}`))
      expect(rawKeysIn(page.text)).toEqual([])
      const acknowledged = await b.get('/merchant/alerts?status=acknowledged')
      expect(acknowledged.status).toBe(200)
      expect(rawKeysIn(acknowledged.text)).toEqual([])
      const dashboard = await b.get('/merchant')
      expect(dashboard.text).toContain(t('alerts.open_alerts'))
      expect(rawKeysIn(dashboard.text)).toEqual([])
    }
    await db.knex('alerts').whereIn('id', ids).update({ acknowledged_at: new Date() })
  })

  it('acknowledges once: who and when kept, listed apart, a second acknowledgement refused', async () => {
    const id = await raise('card_earnings')
    const b = await owner()
    const before = await b.get('/merchant')
    // The dashboard's tile: the one open alert.
    expect(before.text).toMatch(
      new RegExp(
        `${translator('en', 'merchant')('alerts.open_alerts')}</p>\\s*<p class="stat__value">1</p>`,
      ),
    )
    const done = await b.post(`/merchant/alerts/${id}/acknowledge`, { version: '1' })
    expect(done.status).toBe(303)
    expect(done.headers.get('location')).toBe('/merchant/alerts?done=acknowledged')
    const list = await b.get('/merchant/alerts')
    expect(list.text).not.toContain(`data-alert="${id}"`)
    const acknowledged = await b.get('/merchant/alerts?status=acknowledged')
    expect(acknowledged.text).toContain(`data-alert="${id}"`)
    expect(acknowledged.text).toContain('Demo Owner')
    const row = await db.knex('alerts').where('id', id).first()
    expect(row).toMatchObject({
      acknowledged_by_type: 'merchant_user',
      acknowledged_by_id: DEMO.fashion.ownerUserId,
      version: 2,
    })
    expect(row.acknowledged_at).not.toBeNull()
    const again = await b.post(`/merchant/alerts/${id}/acknowledge`, { version: '1' })
    expect(again.status).toBe(409)
    expect(again.text).toContain(errorMessage('ALERT_ALREADY_ACKNOWLEDGED', {}, 'en'))
    expect(
      await db.knex('audit_log').where({ subject_id: id, action: 'alert.acknowledge' }),
    ).toHaveLength(1)
  })

  it('lets a manager of one store see and acknowledge only the alerts about that store', async () => {
    const atHub = await raise('kiosk_silent', DEMO.fashion.hubStoreId)
    const atOutlet = await raise('pin_failures', DEMO.fashion.outletStoreId)
    const noStore = await raise('large_adjustment', null)
    const email = `alerts-outlet-${Date.now()}@fashion-group.lu`
    await createMerchantUser(db.knex, {
      merchantId: M,
      email,
      name: 'Olga Outlet',
      role: 'manager',
      storeIds: [DEMO.fashion.outletStoreId],
      password: 'a long manager password',
      passwordCost: 10,
      preferredLanguage: 'en',
    })
    const b = await signInMerchant(app.url, email, 'a long manager password')
    const page = await b.get('/merchant/alerts')
    expect(page.text).toContain(`data-alert="${atOutlet}"`)
    expect(page.text).toContain(`data-alert="${noStore}"`)
    expect(page.text).not.toContain(`data-alert="${atHub}"`)
    const refused = await b.post(`/merchant/alerts/${atHub}/acknowledge`, { version: '1' })
    expect(refused.status).toBe(404)
    expect((await db.knex('alerts').where('id', atHub).first()).acknowledged_at).toBeNull()
    expect(
      (await b.post(`/merchant/alerts/${atOutlet}/acknowledge`, { version: '1' })).status,
    ).toBe(303)
    await db.knex('alerts').whereIn('id', [atHub, noStore]).update({ acknowledged_at: new Date() })
  })
})

describe('GET /api/v1/alerts and POST /api/v1/alerts/{id}/acknowledge', () => {
  it('lists open or acknowledged alerts and acknowledges from the version read', async () => {
    const id = await raise('two_stores')
    const open = await app.request('GET', '/api/v1/alerts', { token })
    expect(open.status).toBe(200)
    const page = AlertPage.parse(open.body)
    expect(page.data.map((a) => a.id)).toEqual([id])
    expect(page.data[0]).toMatchObject({ kind: 'two_stores', card_number: card.number, version: 1 })
    expect(page.meta.open).toBe(1)
    const stale = await app.request('POST', `/api/v1/alerts/${id}/acknowledge`, {
      token,
      body: { version: 7 },
    })
    expect(stale.status).toBe(409)
    expect(stale.body.error.code).toBe('EDIT_CONFLICT')
    const done = await app.request('POST', `/api/v1/alerts/${id}/acknowledge`, {
      token,
      body: { version: 1 },
    })
    expect(done.status).toBe(200)
    expect(done.body.data).toMatchObject({ id, acknowledged_by_type: 'api_key', version: 2 })
    const again = await app.request('POST', `/api/v1/alerts/${id}/acknowledge`, {
      token,
      body: { version: 2 },
    })
    expect(again.body.error.code).toBe('ALERT_ALREADY_ACKNOWLEDGED')
    const acknowledged = await app.request('GET', '/api/v1/alerts?status=acknowledged', { token })
    expect(acknowledged.body.data.map((a: { id: string }) => a.id)).toContain(id)
    expect((await app.request('GET', '/api/v1/alerts', { token })).body.data).toEqual([])
    const openApi = await app.request('GET', '/api/v1/openapi.json')
    expect(openApi.body.paths['/alerts'].get.operationId).toBe('listAlerts')
    expect(openApi.body.paths['/alerts/{id}/acknowledge'].post.operationId).toBe('acknowledgeAlert')
  })
})
