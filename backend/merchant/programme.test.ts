import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LANGUAGES, type Language } from '../../shared/languages.ts'
import { translator } from '../i18n/i18n.ts'
import { errorMessage } from '../i18n/error-message.ts'
import { DEMO, seedDemoData } from '../seed/demo-seed.ts'
import { startTestApp, type TestApp } from '../test/test-app.ts'
import { useTestDatabase } from '../test/test-database.ts'
import { createMerchantUser } from '../accounts/commands/create-merchant-user.ts'
import { signInDemoOwner, signInMerchant } from '../test/merchant-sign-in.ts'
import { loadProgrammePage } from './queries/programme.ts'
import { rawKeysIn } from '../test/raw-keys.ts'

// The Programme page through the real app: every language, the owner's edits (saved, refused
// with the typed values, stale), the terms rule, rewards, a store manager who only reads, and
// another merchant's owner who sees only their own programme.

const db = useTestDatabase()
let app: TestApp

beforeAll(async () => {
  await seedDemoData(db.knex)
  app = await startTestApp(db.knex)
})
afterAll(() => app.close())

const PASSWORD = 'a long manager password'

const logIn = (email: string, password: string, language?: Language) =>
  signInMerchant(app.url, email, password, language)

const newUser = async (props: {
  email: string
  merchantId?: string
  role?: 'owner' | 'manager'
  storeIds?: string[]
  language?: Language
}) => {
  await createMerchantUser(db.knex, {
    merchantId: props.merchantId ?? DEMO.fashion.merchantId,
    email: props.email,
    name: 'Paula Manager',
    role: props.role ?? 'manager',
    storeIds: props.storeIds,
    password: PASSWORD,
    passwordCost: 10,
    preferredLanguage: props.language ?? 'en',
  })
  return logIn(props.email, PASSWORD, props.language)
}

/** The demo owner, signed in, with the page language chosen (it is kept on their profile). */
const owner = (language?: Language) => signInDemoOwner(app.url, language)

/** Every field of the programme form as the page shows it (inputs and textareas). */
const formValues = (html: string) => {
  const form = /<form[^>]*action="\/merchant\/programme"[^>]*>([\s\S]*?)<\/form>/.exec(html)![1]!
  const values: Record<string, string> = {}
  for (const m of form.matchAll(/<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g))
    values[m[1]!] = m[2]!
  for (const m of form.matchAll(/<input[^>]*name="([^"]+)"(?![^>]*value=)[^>]*>/g))
    values[m[1]!] ??= ''
  for (const m of form.matchAll(/<textarea[^>]*name="([^"]+)"[^>]*>([^<]*)<\/textarea>/g))
    values[m[1]!] = m[2]!.replace(/&#x27;/g, "'").replace(/&amp;/g, '&')
  const type = /<option[^>]*value="(points|stamps)"[^>]*selected/.exec(form)
  if (type) values.type = type[1]!
  delete values._csrf
  return values
}

const programmeRow = () => db.knex('programmes').where('id', DEMO.fashion.programmeId).first()

describe('the Programme page', () => {
  it('reads the programme once to show it with its rewards', async () => {
    const sql: string[] = []
    const listener = (query: { sql: string }) => sql.push(query.sql)
    db.knex.on('query', listener)
    const data = await loadProgrammePage(db.knex, {
      merchantId: DEMO.fashion.merchantId,
      storeIds: null,
    }).finally(() => db.knex.off('query', listener))
    expect(data.rewards.length).toBeGreaterThan(0)
    expect(sql.filter((s) => /^select .* from "programmes"/.test(s))).toHaveLength(1)
  })

  it('renders in every language with the right <html lang> and no raw key', async () => {
    const b = await owner()
    for (const language of LANGUAGES) {
      await b.post('/merchant/language', { language, next: '/merchant/programme' })
      const page = await b.get('/merchant/programme')
      expect(page.status).toBe(200)
      expect(page.text).toContain(`<html lang="${language}">`)
      expect(page.text).toContain(translator(language, 'merchant')('programme.page_title'))
      expect(rawKeysIn(page.text)).toEqual([])
      // The join header preview, in each language, whatever the page's.
      for (const preview of LANGUAGES) expect(page.text).toContain(`data-preview="${preview}"`)
    }
  })

  it('saves the owner’s edit in French, with an audit row before and after', async () => {
    const b = await owner('fr')
    const page = await b.get('/merchant/programme')
    const values = formValues(page.text)
    const before = await programmeRow()
    const saved = await b.post('/merchant/programme', {
      ...values,
      welcome_bonus: '75',
      terms_fr: 'Conditions révisées : un point par euro.',
    })
    expect(saved.status).toBe(303)
    expect(saved.headers.get('location')).toBe('/merchant/programme?done=saved')
    const after = await programmeRow()
    expect(after).toMatchObject({ welcome_bonus: 75, version: before.version + 1 })
    expect(after.terms.fr).toBe('Conditions révisées : un point par euro.')
    const audit = await db
      .knex('audit_log')
      .where({ subject_id: DEMO.fashion.programmeId, action: 'programme.update' })
      .orderBy('created_at', 'desc')
      .first()
    expect(audit.actor_type).toBe('merchant_user')
    expect(audit.data.before.welcome_bonus).toBe(before.welcome_bonus)
    expect(audit.data.after.welcome_bonus).toBe(75)
    const shown = await b.get('/merchant/programme?done=saved')
    expect(shown.text).toContain(translator('fr', 'merchant')('programme.notice_saved'))
  })

  it('shows bad input again with the typed values and a message per field, saving nothing', async () => {
    const b = await owner('fr')
    const values = formValues((await b.get('/merchant/programme')).text)
    const before = await programmeRow()
    const refused = await b.post('/merchant/programme', {
      ...values,
      welcome_bonus: '-5',
      terms_url: 'pas une adresse',
      name_de: 'Neuer Name',
    })
    expect(refused.status).toBe(422)
    const t = translator('fr', 'merchant')
    expect(refused.text).toContain(t('programme.errors.welcome_bonus'))
    expect(refused.text).toContain(t('programme.errors.terms_url'))
    expect(refused.text).toContain('value="-5"')
    expect(refused.text).toContain('value="Neuer Name"')
    expect(await programmeRow()).toMatchObject({ version: before.version, name: before.name })
  })

  it('refuses a stale form with EDIT_CONFLICT, and clearing the terms of a live programme', async () => {
    const b = await owner()
    const values = formValues((await b.get('/merchant/programme')).text)
    const other = await owner()
    const first = formValues((await other.get('/merchant/programme')).text)
    expect(
      (await other.post('/merchant/programme', { ...first, cooldown_minutes: '7' })).status,
    ).toBe(303)
    const stale = await b.post('/merchant/programme', { ...values, cooldown_minutes: '9' })
    expect(stale.status).toBe(409)
    expect(stale.text).toContain(errorMessage('EDIT_CONFLICT', {}, 'en').slice(0, 30))
    expect((await programmeRow()).cooldown_minutes).toBe(7)

    const fresh = formValues((await b.get('/merchant/programme')).text)
    const cleared = await b.post('/merchant/programme', {
      ...fresh,
      terms_en: '',
      terms_fr: '',
      terms_de: '',
      terms_lb: '',
      terms_url: '',
    })
    expect(cleared.status).toBe(409)
    expect(cleared.text).toContain('data-terms-missing')
  })

  it('names each refused field of a new or edited reward in the page language, saving nothing', async () => {
    const b = await owner('de')
    const t = translator('de', 'merchant')
    await b.get('/merchant/programme')
    const count = async () =>
      (await db.knex('rewards').where('merchant_id', DEMO.fashion.merchantId)).length
    const before = await count()
    const added = await b.post('/merchant/rewards', { name_fr: '', cost: '0', active: 'yes' })
    expect(added.status).toBe(422)
    expect(added.text).toContain(t('programme.errors.summary'))
    expect(added.text).toContain(t('programme.errors.reward_name'))
    expect(added.text).toContain(t('programme.errors.cost'))
    expect(await count()).toBe(before)
    const reward = await db.knex('rewards').where('id', DEMO.fashion.rewardIds[0]).first()
    const edited = await b.post(`/merchant/rewards/${reward.id}`, {
      version: String(reward.version),
      name_en: 'Kept',
      cost: 'many',
      do: 'save',
    })
    expect(edited.status).toBe(422)
    expect(edited.text).toContain(t('programme.errors.cost'))
    expect(edited.text).toContain('value="many"')
    expect(await db.knex('rewards').where('id', reward.id).first()).toEqual(reward)
  })

  it('adds a reward and deletes it, while a redeemed one can only be deactivated', async () => {
    const b = await owner()
    await b.get('/merchant/programme')
    const added = await b.post('/merchant/rewards', {
      name_en: 'Canvas tote',
      name_fr: 'Sac en toile',
      cost: '120',
      active: 'yes',
    })
    expect(added.status).toBe(303)
    const reward = await db
      .knex('rewards')
      .where({ merchant_id: DEMO.fashion.merchantId })
      .whereRaw(`name->>'en' = 'Canvas tote'`)
      .first()
    expect(reward).toMatchObject({ cost: 120, active: true })
    const page = await b.get('/merchant/programme')
    expect(page.text).toContain('Sac en toile')
    const deleted = await b.post(`/merchant/rewards/${reward.id}`, { version: '1', do: 'delete' })
    expect(deleted.status).toBe(303)
    expect(await db.knex('rewards').where('id', reward.id)).toEqual([])

    const used = await db
      .knex('ledger_entries')
      .whereNotNull('reward_id')
      .join('rewards', 'rewards.id', 'ledger_entries.reward_id')
      .where('rewards.merchant_id', DEMO.fashion.merchantId)
      .first('rewards.id', 'rewards.version')
    // The demo seed redeems a reward; without one this test would prove nothing.
    expect(used).toBeDefined()
    const refused = await b.post(`/merchant/rewards/${used.id}`, {
      version: String(used.version),
      do: 'delete',
    })
    expect(refused.status).toBe(409)
    expect(refused.text).toContain(errorMessage('REWARD_IN_USE', {}, 'en'))
  })

  it('answers a tampered status or reward button with VALIDATION_FAILED, changing nothing', async () => {
    const b = await owner()
    await b.get('/merchant/programme')
    const before = await db.knex('programmes').where('merchant_id', DEMO.fashion.merchantId).first()
    for (const [path, form] of [
      ['/merchant/programme/status', { status: 'pause', version: 'x' }],
      ['/merchant/programme/status', { status: 'archive', version: String(before.version) }],
      [`/merchant/rewards/${DEMO.fashion.rewardIds[0]}`, { do: 'explode', version: '1' }],
    ] as const) {
      const answer = await b.post(path, form)
      expect(answer.status).toBe(422)
    }
    expect(
      await db.knex('programmes').where('merchant_id', DEMO.fashion.merchantId).first(),
    ).toEqual(before)
  })

  it('confirms pausing and activating on a page of its own, in every language, without JavaScript', async () => {
    const b = await owner()
    const before = await programmeRow()
    expect(before.status).toBe('active')
    const page = await b.get('/merchant/programme')
    // The status button leads to the confirmation step; it changes nothing by itself.
    const href = `/merchant/programme/status?status=pause&amp;version=${before.version}`
    expect(page.text).toContain(`href="${href}"`)
    expect(page.text).not.toMatch(/data-confirm[^>]*>[^<]*(Pause|Activate)</)
    for (const language of LANGUAGES) {
      await b.post('/merchant/language', { language, next: '/merchant/programme' })
      const t = translator(language, 'merchant')
      for (const status of ['pause', 'activate'] as const) {
        const confirm = await b.get(
          `/merchant/programme/status?status=${status}&version=${before.version}`,
        )
        expect(confirm.status).toBe(200)
        expect(confirm.text).toContain(`<html lang="${language}">`)
        expect(confirm.text).toContain(t(`programme.confirm_${status}_title`))
        expect(rawKeysIn(confirm.text)).toEqual([])
        expect(confirm.text).toContain(`name="status" value="${status}"`)
        expect(confirm.text).toContain(`name="version" value="${before.version}"`)
        expect(confirm.text).toContain(t(`programme.confirm_${status}`))
        expect(confirm.text).toContain(`href="/merchant/programme">${t('programme.cancel')}</a>`)
      }
      const activate = await b.get(
        `/merchant/programme/status?status=activate&version=${before.version}`,
      )
      expect(activate.text).toContain(t('programme.confirm_activate_join'))
      expect(activate.text).toContain(t('programme.confirm_activate_kiosks'))
    }
    expect(await programmeRow()).toEqual(before)

    await b.post('/merchant/language', { language: 'en', next: '/merchant/programme' })
    const paused = await b.post('/merchant/programme/status', {
      status: 'pause',
      version: String(before.version),
    })
    expect(paused.headers.get('location')).toBe('/merchant/programme?done=paused')
    const next = (await b.get('/merchant/programme?done=paused')).text
    const version = before.version + 1
    expect(next).toContain(
      `href="/merchant/programme/status?status=activate&amp;version=${version}"`,
    )
    // A confirmation shown before a change made since is refused when confirmed.
    const stale = await b.post('/merchant/programme/status', {
      status: 'activate',
      version: String(before.version),
    })
    expect(stale.status).toBe(409)
    const activated = await b.post('/merchant/programme/status', {
      status: 'activate',
      version: String(version),
    })
    expect(activated.headers.get('location')).toBe('/merchant/programme?done=activated')
    expect(await programmeRow()).toMatchObject({ status: 'active', version: version + 1 })
    expect((await b.get('/merchant/programme/status?status=maybe&version=1')).status).toBe(422)
  })

  it('lets a store manager read but not change the programme', async () => {
    const b = await newUser({
      email: 'outlet-only@fashion-group.lu',
      storeIds: [DEMO.fashion.outletStoreId],
    })
    const page = await b.get('/merchant/programme')
    expect(page.status).toBe(200)
    expect(page.text).toContain(translator('en', 'merchant')('programme.read_only'))
    expect(page.text).not.toContain(translator('en', 'merchant')('programme.save'))
    const values = formValues(page.text)
    const refused = await b.post('/merchant/programme', { ...values, welcome_bonus: '1' })
    expect(refused.status).toBe(403)
  })

  it("shows another merchant's owner only their own programme", async () => {
    const b = await newUser({
      email: 'owner2@cafe.lu',
      merchantId: DEMO.cafe.merchantId,
      role: 'owner',
    })
    const page = await b.get('/merchant/programme')
    expect(page.status).toBe(200)
    expect(page.text).toContain(`name="version"`)
    const fashion = await programmeRow()
    expect(page.text).not.toContain(fashion.terms.en.slice(0, 40))
    const reward = await db.knex('rewards').where('merchant_id', DEMO.fashion.merchantId).first()
    const foreign = await b.post(`/merchant/rewards/${reward.id}`, {
      version: '1',
      cost: '1',
      name_en: 'x',
      do: 'save',
    })
    expect(foreign.status).toBe(404)
  })
})
