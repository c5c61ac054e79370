import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LANGUAGES, type Language } from '../../shared/languages.ts'
import { translator } from '../i18n/i18n.ts'
import { errorMessage } from '../i18n/error-message.ts'
import { DEMO, DEMO_LOGINS, seedDemoData } from '../seed/demo-seed.ts'
import { startTestApp, type TestApp } from '../test/test-app.ts'
import { useTestDatabase } from '../test/test-database.ts'
import { createMerchantUser } from '../accounts/commands/create-merchant-user.ts'
import { TestBrowser } from '../test/test-web-app.ts'
import { signInMerchant } from '../test/merchant-sign-in.ts'
import { rawKeysIn } from '../test/raw-keys.ts'

// The team page through the real app: members with role, stores, status and last login; an
// owner changes a manager's stores (their very next page follows), refusals in the page's
// language, a stale form refused with EDIT_CONFLICT; removal signs the user out at once and
// they cannot log in again; managers never reach the page.

const db = useTestDatabase()
let app: TestApp

beforeAll(async () => {
  await seedDemoData(db.knex)
  app = await startTestApp(db.knex)
})
afterAll(() => app.close())

const OWNER = DEMO_LOGINS.fashionOwner
const PASSWORD = 'a long manager password'
const { hubStoreId: HUB, outletStoreId: OUTLET } = DEMO.fashion

const logIn = (email: string, password: string, language?: Language) =>
  signInMerchant(app.url, email, password, language)

const newManager = async (email: string, name: string, storeIds?: string[]) => {
  const user = await createMerchantUser(db.knex, {
    merchantId: DEMO.fashion.merchantId,
    email,
    name,
    role: 'manager',
    storeIds,
    password: PASSWORD,
    passwordCost: 10,
    preferredLanguage: 'en',
  })
  return user.id
}

const rowOf = (html: string, id: string) =>
  new RegExp(`<tr data-member="${id}"[^>]*>.*?</tr>`, 's').exec(html)?.[0] ?? ''

describe('the team page', () => {
  it('lists members with access, status and last login; the owner’s own row has no actions', async () => {
    const manager = await newManager('listed@team.test', 'Lina Listed', [OUTLET])
    const owner = await logIn(OWNER.email, OWNER.password)
    const page = await owner.get('/merchant/team')
    expect(page.status).toBe(200)
    const t = translator('fr', 'merchant')
    const mine = rowOf(page.text, DEMO.fashion.ownerUserId)
    expect(mine).toContain(OWNER.email)
    expect(mine).toContain(t('team.you'))
    expect(mine).not.toContain('action="/merchant/team/remove"')
    // No change form of oneself, even asked for; another user's opens under their row.
    const own = await owner.get(`/merchant/team?edit=${DEMO.fashion.ownerUserId}`)
    expect(own.text).not.toContain('action="/merchant/team/member"')
    const row = rowOf(page.text, manager)
    expect(row).toContain('Lina Listed')
    expect(row).toContain('listed@team.test')
    expect(row).toContain('FashionOutlet')
    expect(row).toContain(t('team.never'))
    expect(row).toContain(t('team.status_active'))
    expect(row).toContain('name="version" value="1"')
    expect(row).toContain(`href="/merchant/team?edit=${manager}#edit-${manager}"`)
    const editing = await owner.get(`/merchant/team?edit=${manager}`)
    expect(editing.text).toContain(`id="edit-${manager}"`)
    expect(editing.text).toContain('action="/merchant/team/member"')
    expect(page.text).not.toContain('action="/merchant/team/member"')
    expect(page.text).toContain('action="/merchant/invitations"')
    expect(page.text).toContain('href="/merchant/team"')
    expect(page.text).toContain('href="/merchant/api-keys"')
  })

  it('changes a manager’s stores: their next page is scoped to the new store', async () => {
    const manager = await newManager('moved@team.test', 'Max Moved', [OUTLET])
    const managerBrowser = await logIn('moved@team.test', PASSWORD)
    const before = await managerBrowser.get('/merchant/kiosks')
    expect(before.text).toContain('FashionOutlet')
    // A manager sees no Administration links and is refused the team page.
    expect(before.text).not.toContain('href="/merchant/team"')
    expect((await managerBrowser.get('/merchant/team')).status).toBe(403)

    const owner = await logIn(OWNER.email, OWNER.password)
    await owner.get('/merchant/team')
    const changed = await owner.post('/merchant/team/member', {
      member: manager,
      version: '1',
      role: 'manager',
      stores: HUB,
    })
    expect(changed.status).toBe(303)
    expect(changed.headers.get('location')).toBe('/merchant/team?done=changed')
    const scope = translator('en', 'merchant')('account.store_manager', { stores: 'FashionHub' })
    const after = await managerBrowser.get('/merchant/kiosks')
    expect(after.status).toBe(200)
    expect(after.text).toContain(scope)

    // The same form sent again from the page as it was: the second save is refused.
    const stale = await owner.post('/merchant/team/member', {
      member: manager,
      version: '1',
      role: 'owner',
    })
    expect(stale.status).toBe(409)
    expect(stale.text).toContain(errorMessage('EDIT_CONFLICT', {}, 'fr'))
    // The form of that user stays open with what was chosen.
    expect(stale.text).toContain(`id="edit-${manager}"`)
    expect(stale.text).toMatch(/<option value="owner" selected="">/)
    expect(await db.knex('merchant_users').where('id', manager).first('role')).toEqual({
      role: 'manager',
    })

    const bad = await owner.post('/merchant/team/member', {
      member: manager,
      version: '2',
      role: 'boss',
      stores: DEMO.cafe.storeId,
    })
    expect(bad.status).toBe(422)
    const t = translator('fr', 'merchant')
    expect(bad.text).toContain(t('team.errors.role'))
    expect(bad.text).toContain(t('team.errors.stores'))
  })

  it('removes a user: their open session stops at the next request and they cannot log in', async () => {
    const manager = await newManager('gone@team.test', 'Greta Gone')
    const managerBrowser = await logIn('gone@team.test', PASSWORD)
    expect((await managerBrowser.get('/merchant')).status).toBe(200)
    const owner = await logIn(OWNER.email, OWNER.password)
    await owner.get('/merchant/team')
    const removed = await owner.post('/merchant/team/remove', { member: manager, version: '1' })
    expect(removed.status).toBe(303)
    expect(removed.headers.get('location')).toBe('/merchant/team?done=removed')

    const next = await managerBrowser.get('/merchant')
    expect(next.status).toBe(303)
    expect(next.headers.get('location')).toMatch(/^\/merchant\/login/)
    const again = new TestBrowser(app.url)
    await again.get('/merchant/login')
    const refused = await again.post('/merchant/login', {
      email: 'gone@team.test',
      password: PASSWORD,
    })
    expect(refused.status).toBe(401)

    const listed = rowOf((await owner.get('/merchant/team')).text, manager)
    expect(listed).toContain(translator('fr', 'merchant')('team.status_removed'))
    expect(listed).not.toContain('action="/merchant/team/remove"')
  })

  it('invites an owner or a manager of chosen stores from the team page', async () => {
    const owner = await logIn(OWNER.email, OWNER.password)
    await owner.get('/merchant/team')
    const sent = await owner.post('/merchant/invitations', {
      email: 'store.invite@team.test',
      name: 'Ida Invited',
      language: 'de',
      role: 'manager',
      stores: OUTLET,
    })
    expect(sent.status).toBe(303)
    expect(sent.headers.get('location')).toBe('/merchant/team?done=invited#invite')
    const user = await db
      .knex('merchant_users')
      .where('email', 'store.invite@team.test')
      .first('id', 'role', 'password_hash')
    expect(user).toMatchObject({ role: 'manager', password_hash: null })
    expect(
      await db.knex('merchant_user_stores').where('merchant_user_id', user.id).pluck('store_id'),
    ).toEqual([OUTLET])
    const row = rowOf((await owner.get('/merchant/team')).text, user.id)
    expect(row).toContain(translator('fr', 'merchant')('team.status_invited'))
    expect(
      await db.knex('audit_log').where({ action: 'merchant_user.invite', subject_id: user.id }),
    ).toHaveLength(1)

    const refused = await owner.post('/merchant/invitations', {
      email: 'nobody',
      name: 'Ida',
      language: 'de',
      role: 'queen',
    })
    expect(refused.status).toBe(422)
    expect(refused.text).toContain('value="Ida"')
    expect(refused.text).toContain(translator('fr', 'merchant')('team.errors.role'))
  })
})

describe('the team page in every language', () => {
  it('renders with localized texts and no raw key', async () => {
    const owner = await logIn(OWNER.email, OWNER.password)
    for (const language of LANGUAGES) {
      await owner.get('/merchant/team')
      await owner.post('/merchant/language', { language, next: '/merchant/team' })
      const page = await owner.get('/merchant/team')
      const t = translator(language, 'merchant')
      expect(page.status).toBe(200)
      expect(page.text).toContain(`<html lang="${language}">`)
      expect(page.text).toContain(t('team.lead'))
      expect(page.text).toContain(t('nav.administration'))
      expect(rawKeysIn(page.text)).toEqual([])
      const refused = await owner.post('/merchant/invitations', {
        email: 'x',
        name: '',
        language,
      })
      expect(refused.status).toBe(422)
      expect(refused.text).toContain(`<html lang="${language}">`)
      expect(refused.text).toContain(t('invitation.errors.email'))
      expect(rawKeysIn(refused.text)).toEqual([])
    }
  })
})
