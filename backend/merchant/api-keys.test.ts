import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LANGUAGES } from '../../shared/languages.ts'
import { translator } from '../i18n/i18n.ts'
import { systemActor } from '../auth/actor.ts'
import { createApiKey } from '../api-keys/api-keys.ts'
import { DEMO, DEMO_LOGINS, seedDemoData } from '../seed/demo-seed.ts'
import { startTestApp, type TestApp } from '../test/test-app.ts'
import { useTestDatabase } from '../test/test-database.ts'
import { createMerchantUser } from '../accounts/commands/create-merchant-user.ts'
import { TestBrowser } from '../test/test-web-app.ts'
import { rawKeysIn } from '../test/raw-keys.ts'

// The API keys page and the keys themselves through the real app: a key is created with its
// token shown on that one answer only, listed with who made it and when it was last used,
// revoked — and refused from its very next request, also by a second app process that had
// just accepted it; last_used_at is written at most once a minute.

const db = useTestDatabase()
let app: TestApp
/** A second process of the app on the same database. */
let other: TestApp

beforeAll(async () => {
  await seedDemoData(db.knex)
  app = await startTestApp(db.knex)
  other = await startTestApp(db.knex)
})
afterAll(async () => {
  await app.close()
  await other.close()
})

const OWNER = DEMO_LOGINS.fashionOwner
const t = translator('fr', 'merchant')

const ownerBrowser = async () => {
  const b = new TestBrowser(app.url, { 'accept-language': 'en' })
  await b.get('/merchant/login')
  expect((await b.post('/merchant/login', OWNER)).status).toBe(303)
  return b
}

const tokenOn = (html: string) => /data-api-key-token="true">(rfk_[A-Za-z0-9_-]+)</.exec(html)?.[1]

const rowOf = (html: string, id: string) =>
  new RegExp(`<tr data-api-key="${id}"[^>]*>.*?</tr>`, 's').exec(html)?.[0] ?? ''

const useKey = (server: TestApp, token: string) =>
  server.request('GET', '/api/v1/programme', { token })

describe('the API keys page', () => {
  it('creates a key, shows its token on that answer only, and lists it with its creator', async () => {
    const owner = await ownerBrowser()
    const empty = await owner.post('/merchant/api-keys', { name: '  ' })
    expect(empty.status).toBe(422)
    expect(empty.text).toContain(t('api_keys.errors.name', { max: 100 }))
    expect(await db.knex('api_keys').where({ name: '' })).toHaveLength(0)

    const created = await owner.post('/merchant/api-keys', { name: 'Till integration' })
    expect(created.status).toBe(201)
    expect(created.headers.get('location')).toBeNull()
    expect(created.headers.get('cache-control')).toContain('no-store')
    const token = tokenOn(created.text)
    expect(token).toBeDefined()
    expect(created.text).toContain(t('api_keys.new_title', { name: 'Till integration' }))
    const row = await db
      .knex('api_keys')
      .where({ name: 'Till integration' })
      .first('id', 'created_by', 'token_hash')
    expect(row.created_by).toBe(DEMO.fashion.ownerUserId)
    // Stored as its SHA-256 only: no column holds the token.
    const stored = await db.knex('api_keys').where('id', row.id).first()
    expect(JSON.stringify(stored)).not.toContain(token!.slice(4))
    expect(row.token_hash).toBe(createHash('sha256').update(token!).digest('hex'))
    // Nowhere else: not on the next page, not in the session.
    const listed = await owner.get('/merchant/api-keys')
    expect(listed.text).not.toContain(token!)
    expect(tokenOn(listed.text)).toBeUndefined()
    const sessions = await db
      .knex('web_sessions')
      .select(db.knex.raw('row_to_json(web_sessions) AS r'))
    expect(JSON.stringify(sessions)).not.toContain(token!)
    const keyRow = rowOf(listed.text, row.id)
    expect(keyRow).toContain('Till integration')
    expect(keyRow).toContain(token!.slice(0, 12))
    expect(keyRow).toContain(t('api_keys.created_by', { name: OWNER.name }))
    expect(keyRow).toContain(t('api_keys.never_used'))
    const audit = await db
      .knex('audit_log')
      .where({ action: 'api_key.create', subject_id: row.id })
      .first('actor_id', 'data')
    expect(audit.actor_id).toBe(DEMO.fashion.ownerUserId)
    expect(audit.data.after).toMatchObject({
      name: 'Till integration',
      created_by: DEMO.fashion.ownerUserId,
    })

    // A key made on the command line has no creator.
    const cli = await createApiKey(db.knex, {
      merchantId: DEMO.fashion.merchantId,
      name: 'Nightly export',
      actor: systemActor(DEMO.fashion.merchantId, 'cli'),
    })
    const again = await owner.get('/merchant/api-keys')
    expect(rowOf(again.text, cli.id)).toContain(t('api_keys.created_by_cli'))
  })

  it('revokes a key: its next request is refused, in every process, and it is listed as revoked', async () => {
    const owner = await ownerBrowser()
    const created = await owner.post('/merchant/api-keys', { name: 'Website' })
    const token = tokenOn(created.text)!
    const id = (await db.knex('api_keys').where({ name: 'Website' }).first('id')).id
    expect((await useKey(app, token)).status).toBe(200)
    expect((await useKey(other, token)).status).toBe(200)
    const used = rowOf((await owner.get('/merchant/api-keys')).text, id)
    expect(used).not.toContain(t('api_keys.never_used'))

    const revoked = await owner.post('/merchant/api-keys/revoke', { key: id })
    expect(revoked.status).toBe(303)
    expect(revoked.headers.get('location')).toBe('/merchant/api-keys?done=revoked')
    for (const server of [app, other]) {
      const refused = await useKey(server, token)
      expect(refused.status).toBe(401)
      expect(refused.body.error.code).toBe('UNAUTHENTICATED')
    }
    const page = await owner.get('/merchant/api-keys?done=revoked')
    expect(page.text).toContain(t('api_keys.done_revoked'))
    const row = rowOf(page.text, id)
    expect(row).toContain(t('api_keys.revoked'))
    expect(row).not.toContain('action="/merchant/api-keys/revoke"')
    // Revoking again changes nothing; another merchant's or an unknown key is not found.
    expect((await owner.post('/merchant/api-keys/revoke', { key: id })).status).toBe(303)
    expect(
      await db.knex('audit_log').where({ action: 'api_key.revoke', subject_id: id }),
    ).toHaveLength(1)
    const cafe = await createApiKey(db.knex, {
      merchantId: DEMO.cafe.merchantId,
      name: 'Cafe key',
      actor: systemActor(DEMO.cafe.merchantId, 'test'),
    })
    expect((await owner.post('/merchant/api-keys/revoke', { key: cafe.id })).status).toBe(404)
    expect((await useKey(app, cafe.token)).status).toBe(200)
  })

  it('is the owner’s only: a manager is refused it', async () => {
    await createMerchantUser(db.knex, {
      merchantId: DEMO.fashion.merchantId,
      email: 'keys.manager@team.test',
      name: 'Kim Manager',
      role: 'manager',
      password: 'a long manager password',
      passwordCost: 10,
    })
    const manager = new TestBrowser(app.url)
    await manager.get('/merchant/login')
    await manager.post('/merchant/login', {
      email: 'keys.manager@team.test',
      password: 'a long manager password',
    })
    expect((await manager.get('/merchant/api-keys')).status).toBe(403)
    expect((await manager.post('/merchant/api-keys', { name: 'Sneaky' })).status).toBe(403)
    expect(await db.knex('api_keys').where({ name: 'Sneaky' })).toHaveLength(0)
  })
})

describe('last use of a key', () => {
  it('is written on first use, then at most once a minute', async () => {
    const key = await createApiKey(db.knex, {
      merchantId: DEMO.fashion.merchantId,
      name: 'Busy till',
      actor: systemActor(DEMO.fashion.merchantId, 'test'),
    })
    const lastUsed = async () =>
      (await db.knex('api_keys').where('id', key.id).first('last_used_at'))
        .last_used_at as Date | null
    expect(await lastUsed()).toBeNull()
    await useKey(app, key.token)
    expect(await lastUsed()).toBeInstanceOf(Date)
    // 30 s ago: recent enough, not written again by this or another process.
    await db
      .knex('api_keys')
      .where('id', key.id)
      .update({ last_used_at: db.knex.raw(`now() - interval '30 seconds'`) })
    const recent = await lastUsed()
    await useKey(app, key.token)
    await useKey(other, key.token)
    expect(await lastUsed()).toEqual(recent)
    // Two minutes ago: the next request writes it.
    await db
      .knex('api_keys')
      .where('id', key.id)
      .update({ last_used_at: db.knex.raw(`now() - interval '2 minutes'`) })
    const old = (await lastUsed())!
    await useKey(other, key.token)
    expect((await lastUsed())!.getTime()).toBeGreaterThan(old.getTime() + 60_000)
  })
})

describe('the API keys page in every language', () => {
  it('renders with localized texts and no raw key', async () => {
    const owner = await ownerBrowser()
    for (const language of LANGUAGES) {
      await owner.get('/merchant/api-keys')
      await owner.post('/merchant/language', { language, next: '/merchant/api-keys' })
      const page = await owner.get('/merchant/api-keys')
      const tr = translator(language, 'merchant')
      expect(page.status).toBe(200)
      expect(page.text).toContain(`<html lang="${language}">`)
      expect(page.text).toContain(tr('api_keys.lead'))
      expect(rawKeysIn(page.text)).toEqual([])
      const created = await owner.post('/merchant/api-keys', { name: `Key ${language}` })
      expect(created.status).toBe(201)
      expect(created.text).toContain(`<html lang="${language}">`)
      expect(created.text).toContain(tr('api_keys.new_lead'))
      expect(rawKeysIn(created.text)).toEqual([])
    }
  })
})
