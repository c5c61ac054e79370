import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LANGUAGES } from '../../shared/languages.ts'
import { createMerchantUser } from '../accounts/commands/create-merchant-user.ts'
import { ANALYTICS_VIEWS } from '../analytics/queries/analytics-page.ts'
import { translator } from '../i18n/i18n.ts'
import { DEMO, seedDemoData } from '../seed/demo-seed.ts'
import { signInDemoOwner, signInMerchant } from '../test/merchant-sign-in.ts'
import { rawKeysIn } from '../test/raw-keys.ts'
import { startTestApp, type TestApp } from '../test/test-app.ts'
import { useTestDatabase } from '../test/test-database.ts'

// /merchant/analytics through the real app on the demo data (whose seed builds the summaries):
// every language with its charts and tables and no raw key; bad dates answered per field in the
// page's language, the typed values kept; every view's CSV; a manager of one store sees that
// store's figures only. Who may open it at all: policies/rules.test.ts and the matrix test.

const db = useTestDatabase()
let app: TestApp

beforeAll(async () => {
  await seedDemoData(db.knex)
  app = await startTestApp(db.knex)
})
afterAll(() => app.close())

const PERIOD = 'from=2026-09-01&to=2026-11-30'

describe('the Analytics page', () => {
  it('shows every view as a chart and a table, in every language, with no raw key', async () => {
    const b = await signInDemoOwner(app.url)
    for (const language of LANGUAGES) {
      await b.post('/merchant/language', { language, next: '/merchant/analytics' })
      const t = translator(language, 'merchant')
      const page = await b.get(`/merchant/analytics?${PERIOD}`)
      expect(page.status).toBe(200)
      expect(page.text).toContain(`<html lang="${language}">`)
      expect(rawKeysIn(page.text)).toEqual([])
      for (const key of [
        'analytics.members.title',
        'analytics.movements.title',
        'analytics.visits.title',
        'analytics.cohorts.title',
        'analytics.stores.title',
        'analytics.outstanding.title',
        'analytics.cashiers.title',
      ] as const)
        expect(page.text).toContain(t(key))
      expect(page.text.match(/<svg class="chart"[^>]*role="img"/g)?.length).toBeGreaterThanOrEqual(
        7,
      )
      for (const view of Object.keys(ANALYTICS_VIEWS))
        expect(page.text).toContain(
          `/merchant/analytics/${view}.csv?${PERIOD.replace('&', '&amp;')}`,
        )
    }
    // The demo's figures: 8 purchases and 2 redemptions in Fashion's two stores.
    await b.post('/merchant/language', { language: 'en', next: '/merchant' })
    const csv = await b.get(`/merchant/analytics/movements.csv?${PERIOD}`)
    expect(csv.status).toBe(200)
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    const lines = csv.text.trim().split('\r\n')
    expect(lines[0]).toBe(
      'day,store,earned,redeemed,expired,adjusted,reversed,earnings,redemptions',
    )
    const sum = (column: number) =>
      lines.slice(1).reduce((total, line) => total + Number(line.split(',')[column]), 0)
    expect([sum(7), sum(8), sum(3)]).toEqual([8, 2, 350])
    for (const view of Object.keys(ANALYTICS_VIEWS)) {
      const table = await b.get(`/merchant/analytics/${view}.csv?${PERIOD}`)
      expect(table.status, view).toBe(200)
      expect(table.text.split('\r\n').length, view).toBeGreaterThan(1)
    }
    expect((await b.get('/merchant/analytics/nothing.csv')).status).toBe(404)
  })

  it('answers bad dates per field in the page language and keeps what was typed', async () => {
    const b = await signInDemoOwner(app.url, 'fr')
    const t = translator('fr', 'merchant')
    const page = await b.get('/merchant/analytics?from=2026-13-01&to=hier')
    expect(page.status).toBe(200)
    expect(page.text).toContain(t('analytics.errors.invalid_day'))
    expect(page.text).toContain('value="2026-13-01"')
    expect(page.text).toContain('value="hier"')
    const reversed = await b.get('/merchant/analytics?from=2026-11-01&to=2026-10-01')
    expect(reversed.text).toContain(t('analytics.errors.before_from'))
    expect((await b.get('/merchant/analytics/members.csv?from=nope')).status).toBe(422)
  })

  it('shows a manager of one store the figures of that store only', async () => {
    const email = 'outlet-analytics@fashion-group.lu'
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
    const b = await signInMerchant(app.url, email, 'a long manager password')
    const page = await b.get(`/merchant/analytics?${PERIOD}`)
    expect(page.status).toBe(200)
    expect(page.text).not.toContain(`value="${DEMO.fashion.hubStoreId}"`)
    const csv = await b.get(`/merchant/analytics/movements.csv?${PERIOD}`)
    const stores = new Set(
      csv.text
        .trim()
        .split('\r\n')
        .slice(1)
        .map((line) => line.split(',')[1]),
    )
    expect(stores.size).toBe(1)
    expect([...stores][0]).toMatch(/Outlet/i)
    const hub = await b.get(`/merchant/analytics?store=${DEMO.fashion.hubStoreId}`)
    expect(hub.text).toContain(translator('en', 'merchant')('analytics.errors.unknown_store'))
  })
})
