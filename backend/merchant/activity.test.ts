import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LANGUAGES } from '../../shared/languages.ts'
import { translator } from '../i18n/i18n.ts'
import { DEMO, seedDemoData } from '../seed/demo-seed.ts'
import { startTestApp, type TestApp } from '../test/test-app.ts'
import { useTestDatabase } from '../test/test-database.ts'
import { createMerchantUser } from '../accounts/commands/create-merchant-user.ts'
import { signInDemoOwner, signInMerchant } from '../test/merchant-sign-in.ts'
import { rawKeysIn } from '../test/raw-keys.ts'
import { AUDIT_ACTIONS } from '../audit/audit-actions.ts'

// The Activity page through the real app: every language; the filters by person, action and
// day narrow the trail, newest first; a manager limited to some stores is refused (the trail
// names no store).

const db = useTestDatabase()
let app: TestApp

beforeAll(async () => {
  await seedDemoData(db.knex)
  app = await startTestApp(db.knex)
})
afterAll(() => app.close())

const audit = (action: string, actorId: string, createdAt: string) =>
  db.knex('audit_log').insert({
    merchant_id: DEMO.fashion.merchantId,
    actor_type: 'merchant_user',
    actor_id: actorId,
    action,
    subject_type: 'card',
    subject_id: 'x',
    data: { before: null, after: { reason: `because ${action}` } },
    created_at: createdAt,
  })

describe('the Activity page', () => {
  it('renders in every language with the right <html lang> and no raw key', async () => {
    await audit('ledger.adjust', DEMO.fashion.ownerUserId, '2026-12-01T10:00:00Z')
    const b = await signInDemoOwner(app.url)
    for (const language of LANGUAGES) {
      await b.post('/merchant/language', { language, next: '/merchant/activity' })
      const page = await b.get('/merchant/activity')
      expect(page.status).toBe(200)
      expect(page.text).toContain(`<html lang="${language}">`)
      const t = translator(language, 'merchant')
      expect(page.text).toContain(`>${t('nav.activity')}<`)
      expect(page.text).toContain(t('activity.actions.ledger_adjust'))
      expect(rawKeysIn(page.text)).toEqual([])
    }
  })

  it('filters by person, action and day, newest first', async () => {
    const b = await signInDemoOwner(app.url)
    await audit('ledger.reverse', DEMO.fashion.ownerUserId, '2026-11-20T10:00:00Z')
    await audit('review.dismiss', DEMO.fashion.ownerUserId, '2026-11-25T10:00:00Z')
    const all = await b.get('/merchant/activity')
    const order = ['review.dismiss', 'ledger.reverse'].map((a) =>
      all.text.indexOf(`data-activity="${a}"`),
    )
    expect(order[0]).toBeGreaterThan(-1)
    expect(order[0]).toBeLessThan(order[1]!)
    expect(all.text).toContain('because review.dismiss')

    const byAction = await b.get('/merchant/activity?action=ledger.reverse')
    expect(byAction.text).toContain('data-activity="ledger.reverse"')
    expect(byAction.text).not.toContain('data-activity="review.dismiss"')

    const byDay = await b.get('/merchant/activity?from=2026-11-24&to=2026-11-26')
    expect(byDay.text).toContain('data-activity="review.dismiss"')
    expect(byDay.text).not.toContain('data-activity="ledger.reverse"')

    const byKey = await b.get('/merchant/activity?actor=api_key')
    expect(byKey.text).not.toContain('data-activity="review.dismiss"')
    const byOwner = await b.get(
      `/merchant/activity?actor=merchant_user:${DEMO.fashion.ownerUserId}`,
    )
    expect(byOwner.text).toContain('data-activity="review.dismiss"')

    const badDay = await b.get('/merchant/activity?from=2026-02-31')
    expect(badDay.status).toBe(200)
    expect(badDay.text).toContain('aria-invalid="true"')
  })

  it('names every audit action in words, in every language', async () => {
    const actions = Object.keys(AUDIT_ACTIONS) as (keyof typeof AUDIT_ACTIONS)[]
    for (const [i, action] of actions.entries())
      await audit(
        action,
        DEMO.fashion.ownerUserId,
        new Date(Date.UTC(2026, 9, 1, 8, i)).toISOString(),
      )
    const b = await signInDemoOwner(app.url)
    const escaped = (text: string) =>
      text
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/'/g, '&#x27;')
    for (const language of LANGUAGES) {
      await b.post('/merchant/language', { language, next: '/merchant/activity' })
      const day = '/merchant/activity?from=2026-10-01&to=2026-10-01'
      const html = [(await b.get(day)).text, (await b.get(`${day}&page=2`)).text].join('\n')
      const t = translator(language, 'merchant')
      const rows = [...html.matchAll(/<tr data-activity="([^"]+)".*?<\/tr>/gs)]
      expect(rows.map((row) => row[1]).sort()).toEqual([...actions].sort())
      for (const row of rows) {
        const action = row[1] as keyof typeof AUDIT_ACTIONS
        expect(row[0]).toContain(escaped(t(`activity.actions.${AUDIT_ACTIONS[action]}`)))
      }
      expect(html).not.toMatch(/<code>[a-z_]+\.[a-z_.]+<\/code>/)
      // Action codes stay in attributes (rows, filter values) and in this test's reasons
      // ("because staff.set_pin"); some of them are also message keys.
      const shown = html.replace(/(data-activity|value)="[^"]*"|because [a-z_.]+/g, '')
      expect(rawKeysIn(shown)).toEqual([])
    }
  })

  it('is refused to a manager limited to some stores', async () => {
    const email = `activity-${Date.now()}@fashion-group.lu`
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
    expect((await b.get('/merchant/activity')).status).toBe(403)
    expect((await b.get('/merchant')).text).not.toContain('href="/merchant/activity"')
  })
})
