import { spawn } from 'node:child_process'
import bcrypt from 'bcryptjs'
import { describe, expect, it } from 'vitest'
import { useTestDatabase } from '../test/test-database.ts'

const db = useTestDatabase()

// vitest sets BASE_URL=/ (Vite's base path) in its own environment; the child must not inherit it.
const { BASE_URL: _viteBase, ...inherited } = process.env

/** `npm run admin:create -- …args` with the password piped on stdin, on this file's database. */
const createAdmin = (args: string[], stdin: string) =>
  new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'backend/cli/create-admin.ts', ...args],
      {
        env: {
          ...inherited,
          DATABASE_URL: db.url,
          LOG_LEVEL: 'warn',
          PASSWORD_HASH_COST: '10',
        },
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    )
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
    child.stdin.end(stdin)
  })

const PASSWORD = 'a long admin passphrase'

describe('npm run admin:create', () => {
  it('creates a platform admin with the password read from stdin', async () => {
    const result = await createAdmin(
      ['--email', 'Root@Example.test', '--name', 'Root Admin'],
      `${PASSWORD}\n`,
    )
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('Root Admin <Root@Example.test> created')
    const row = await db
      .knex('platform_admins')
      .whereRaw('lower(email) = ?', ['root@example.test'])
      .first()
    expect(row).toMatchObject({ name: 'Root Admin', active: true })
    expect(await bcrypt.compare(PASSWORD, row.password_hash)).toBe(true)
    expect(bcrypt.getRounds(row.password_hash)).toBe(10)
    expect(result.stdout).not.toContain(PASSWORD)
  })

  it('refuses an existing address, and resets the password with --reset-password', async () => {
    const again = await createAdmin(
      ['--email', 'root@example.TEST', '--name', 'Twin'],
      `${PASSWORD}\n`,
    )
    expect(again.code).toBe(1)
    expect(again.stderr).toContain('exists already')
    const reset = await createAdmin(
      ['--email', 'root@example.test', '--reset-password'],
      'another admin passphrase\n',
    )
    expect(reset.code).toBe(0)
    const row = await db
      .knex('platform_admins')
      .whereRaw('lower(email) = ?', ['root@example.test'])
      .first()
    expect(await bcrypt.compare('another admin passphrase', row.password_hash)).toBe(true)
  })

  it('refuses a short password and missing flags', async () => {
    const short = await createAdmin(['--email', 'short@example.test', '--name', 'Short'], 'short\n')
    expect(short.code).toBe(1)
    expect(short.stderr).toContain('at least 10 characters')
    expect(
      await db.knex('platform_admins').where('email', 'short@example.test').first(),
    ).toBeUndefined()
    const usage = await createAdmin(['--name', 'Nobody'], '')
    expect(usage.code).toBe(2)
    expect(usage.stderr).toContain('Usage')
  })
})
