import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import type { Page } from '@playwright/test'
import { totpCode, totpStep, TOTP_STEP_SECONDS } from '../../backend/security/totp.ts'

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
 * A code of `secret` for a time step not used yet in this run: a code is good once, so a second
 * sign-in within the same 30 seconds waits for the next step (the steps used are kept in the
 * data folder, shared by every spec of the run).
 */
export const freshTotpCode = async (secret: string): Promise<string> => {
  const file = dataFile(`totp-last-step-${secret.slice(0, 8)}`)
  const last = existsSync(file) ? Number(readFileSync(file, 'utf8')) : -1
  let now = totpStep(Date.now() / 1000)
  if (now <= last) {
    const wait = (last + 1) * TOTP_STEP_SECONDS * 1000 - Date.now() + 200
    await new Promise((resolve) => setTimeout(resolve, wait))
    now = totpStep(Date.now() / 1000)
  }
  writeFileSync(file, String(now))
  return totpCode(secret)
}

/** Marks the current step of `secret` used (after an enrolment's first code, say). */
export const markTotpStepUsed = (secret: string) =>
  writeFileSync(
    dataFile(`totp-last-step-${secret.slice(0, 8)}`),
    String(totpStep(Date.now() / 1000)),
  )

/** Signs an admin in through both steps, ending on `/admin` (or where `next` leads). */
export const signInAdmin = async (page: Page, login: AdminLogin) => {
  await page.goto('/admin/login')
  await page.fill('#field-email', login.email)
  await page.fill('#field-password', login.password)
  await Promise.all([
    page.waitForURL(/\/admin\/login\/code/),
    page.locator('form button.button--primary').click(),
  ])
  await page.fill('#field-code', await freshTotpCode(login.totp_secret))
  await Promise.all([
    page.waitForURL(/\/admin(\?.*)?$/),
    page.locator('form button.button--primary').click(),
  ])
}
