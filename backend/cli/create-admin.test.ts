import { spawn } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { useTestDatabase } from '../test/test-database.ts'
import { startTestApp, type TestApp } from '../test/test-app.ts'
import { TestBrowser } from '../test/test-web-app.ts'

const db = useTestDatabase()
let app: TestApp
beforeAll(async () => {
  app = await startTestApp(db.knex)
})
afterAll(() => app.close())

// vitest sets BASE_URL=/ (Vite's base path) in its own environment; the child must not inherit it.
const { BASE_URL: _viteBase, ...inherited } = process.env

/** `npm run admin:create -- …args` on this file's database (stdin closed: nothing is asked). */
const createAdmin = (args: string[]) =>
  new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'backend/cli/create-admin.ts', ...args],
      {
        env: {
          ...inherited,
          DATABASE_URL: db.url,
          BASE_URL: 'https://rewardflow.example',
          LOG_LEVEL: 'warn',
          PASSWORD_HASH_COST: '10',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })

/** The path of the one-time link the command printed. */
const linkPath = (stdout: string) => {
  const link = /https:\/\/rewardflow\.example(\/admin\/invitation\/[A-Za-z0-9_-]{43})/.exec(stdout)
  expect(link, stdout).not.toBeNull()
  return link![1]!
}

const PASSWORD = 'a long admin passphrase'

describe('npm run admin:create', () => {
  it('creates an admin without a password and prints a one-time link that leads to the second factor', async () => {
    const result = await createAdmin(['--email', 'Root@Example.test', '--name', 'Root Admin'])
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('Root Admin <Root@Example.test> created')
    const row = await db
      .knex('platform_admins')
      .whereRaw('lower(email) = ?', ['root@example.test'])
      .first()
    expect(row).toMatchObject({ name: 'Root Admin', active: true, password_hash: null })
    const path = linkPath(result.stdout)

    const b = new TestBrowser(app.url)
    const page = await b.get(path)
    expect(page.status).toBe(200)
    expect(page.headers.get('cache-control')).toBe('no-store')
    const set = await b.post(path, { password: PASSWORD, password_confirm: PASSWORD })
    expect(set.status).toBe(303)
    // No session yet: the second factor's enrolment comes first.
    expect(set.headers.get('location')).toBe('/admin/login/enrol')
    expect(b.cookies.has('rf_admin_session')).toBe(false)
    expect((await b.get('/admin/login/enrol')).text).toContain('data-totp-secret=')

    // Single use: the same link again is refused, on a new browser too.
    const again = new TestBrowser(app.url)
    expect((await again.get(path)).status).toBe(404)
    expect(
      (
        await b.post(path, {
          password: 'another passphrase',
          password_confirm: 'another passphrase',
        })
      ).status,
    ).toBe(404)
  })

  it('prints a link that expires', async () => {
    const result = await createAdmin(['--email', 'late@example.test', '--name', 'Late Admin'])
    expect(result.code).toBe(0)
    const path = linkPath(result.stdout)
    const admin = await db.knex('platform_admins').where('email', 'late@example.test').first('id')
    const token = await db
      .knex('password_reset_tokens')
      .where('platform_admin_id', admin.id)
      .first()
    // Valid a day, not more.
    const hours = await db.knex.raw(
      'SELECT extract(epoch FROM ?::timestamptz - ?::timestamptz) / 3600 AS h',
      [token.expires_at, token.created_at],
    )
    expect(Math.round(Number(hours.rows[0].h))).toBe(24)
    await db
      .knex('password_reset_tokens')
      .where('id', token.id)
      .update({ expires_at: db.knex.raw("now() - interval '1 second'") })
    const b = new TestBrowser(app.url)
    expect((await b.get(path)).status).toBe(410)
    expect((await b.post(path, { password: PASSWORD, password_confirm: PASSWORD })).status).toBe(
      410,
    )
    expect(
      (await db.knex('platform_admins').where('id', admin.id).first('password_hash')).password_hash,
    ).toBeNull()
  })

  it('refuses an existing address, gives a new link with --new-link, and checks its flags', async () => {
    const again = await createAdmin(['--email', 'root@example.TEST', '--name', 'Twin'])
    expect(again.code).toBe(1)
    expect(again.stderr).toContain('exists already')
    const fresh = await createAdmin(['--email', 'late@example.test', '--new-link'])
    expect(fresh.code).toBe(0)
    const b = new TestBrowser(app.url)
    expect((await b.get(linkPath(fresh.stdout))).status).toBe(200)
    const usage = await createAdmin(['--name', 'Nobody'])
    expect(usage.code).toBe(2)
    expect(usage.stderr).toContain('Usage')
    // A password on the command line is not an option at all.
    const password = await createAdmin([
      '--email',
      'x@example.test',
      '--name',
      'X',
      '--password',
      'p',
    ])
    expect(password.code).not.toBe(0)
    expect(
      await db.knex('platform_admins').where('email', 'x@example.test').first(),
    ).toBeUndefined()
  })
})
