import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import type { Page } from '@playwright/test'
import { totpCode } from '../../backend/security/totp.ts'
import { e2eDatabase } from '../support/database.ts'

type E2eDatabase = ReturnType<typeof e2eDatabase>

// An admin's sign-in in the browser: the password, then the second step's `code` field with a
// code computed from the TOTP secret. The demo admin's comes from DATA_DIR/demo-logins.json, as
// npm start writes it for scripts.

export type AdminLogin = { email: string; password: string; totp_secret: string }

const dataFile = (name: string) => path.join(process.env.E2E_DATA_DIR!, name)

/** The demo admin's login, once npm start has written the file (just after it is ready). */
export const demoAdminLogin = async (): Promise<AdminLogin> => {
  const file = dataFile('demo-logins.json')
  const deadline = Date.now() + 30_000
  while (!existsSync(file)) {
    if (Date.now() > deadline) throw new Error(`${file} was not written`)
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  const logins = JSON.parse(readFileSync(file, 'utf8')) as Partial<AdminLogin>[]
  const admin = logins.find((login) => login.totp_secret)
  if (!admin) throw new Error('no demo login with a TOTP secret')
  return admin as AdminLogin
}

/**
 * A code of `secret` that the sign-in accepts now: the admin's last used time step is forgotten
 * first, as the backend tests' helper does (a code is good once per 30-second step, and the e2e
 * run signs admins in far more often; the refusal of a reused code is tested in
 * backend/platform/second-factor.test.ts).
 */
export const usableTotpCode = async (
  email: string,
  secret: string,
  db: Pick<E2eDatabase, 'query'> = e2eDatabase(),
): Promise<string> => {
  await db.query(
    'UPDATE platform_admins SET totp_last_step = NULL WHERE lower(email) = lower($1)',
    [email],
  )
  return totpCode(secret)
}

/**
 * Signs an admin in through both steps, ending on `/admin` (or where `next` leads); `db` is the
 * backend's database (the e2e server's by default).
 */
export const signInAdmin = async (page: Page, login: AdminLogin, db?: E2eDatabase) => {
  await page.goto('/admin/login')
  await page.fill('#field-email', login.email)
  await page.fill('#field-password', login.password)
  await Promise.all([
    page.waitForURL(/\/admin\/login\/code/),
    page.locator('form button.button--primary').click(),
  ])
  await page.fill('#field-code', await usableTotpCode(login.email, login.totp_secret, db))
  await Promise.all([
    page.waitForURL(/\/admin(\?.*)?$/),
    page.locator('form button.button--primary').click(),
  ])
}
