import { expect, test } from '@playwright/test'
import { e2eDatabase } from './support/database.ts'
import { demoAdminLogin, usableTotpCode, signInAdmin } from './pages/admin-sign-in.ts'
import { totpCode } from '../backend/security/totp.ts'
import { MerchantKiosks } from './pages/merchant-kiosks.ts'
import { DESKTOP, screenshotBothWidths } from './support/screenshots.ts'

// The admins' second factor in real Chromium: the demo admin signs in with a code and invites
// an admin from /admin/admins; the new admin opens the emailed link, chooses a password, must
// enrol TOTP (the test reads the key shown for typing in and computes the codes), keeps the
// recovery codes, and signs in again with a code. One journey at desktop width; its screenshots
// at 1280 and 390 px go to e2e/.artifacts/screenshots/admin/.

const SHOTS = 'e2e/.artifacts/screenshots/admin'
const PASSWORD = 'a long e2e admin passphrase'

test('an admin is invited, enrols TOTP and signs in with a code', async ({ page }) => {
  test.setTimeout(120_000)
  await page.setViewportSize(DESKTOP)
  const shot = (what: string) =>
    screenshotBothWidths(page, {
      desktop: `${SHOTS}/${what}-desktop-en.png`,
      phone: `${SHOTS}/${what}-phone-en.png`,
    })

  await signInAdmin(page, await demoAdminLogin())
  await page.goto('/admin/admins')
  await expect(page.locator('h1')).toHaveText('Platform admins')
  const email = `eva.${Date.now()}@rewardflow.test`
  await page.fill('#field-name', 'Eva Admin')
  await page.fill('#field-email', email)
  await page.selectOption('#field-language', 'en')
  await Promise.all([
    page.waitForURL(/done=invited/),
    page.locator('#invite button.button--primary').click(),
  ])
  await expect(page.locator(`tr[data-admin="${email}"]`)).toContainText('Invited')
  await shot('admins')

  // The invitation email's link, from the outgoing mail.
  const [mail] = await e2eDatabase().query<{ variables: { accept_url: string } }>(
    `SELECT variables FROM outbound_emails WHERE to_address = $1 AND template = 'staff_invitation'`,
    [email],
  )
  const link = new URL(mail!.variables.accept_url)
  await page.context().clearCookies()
  await page.goto(link.pathname)
  await page.fill('#field-password', PASSWORD)
  await page.fill('#field-password_confirm', PASSWORD)
  await Promise.all([
    page.waitForURL(/\/admin\/login\/enrol/),
    page.locator('form.card button.button--primary').click(),
  ])
  // Nothing else opens before enrolment.
  await expect(page.locator('h1')).toHaveText('Set up two-step verification')
  await expect(page.locator('.qr svg')).toBeVisible()
  await shot('enrol')
  const secret = (await page.locator('[data-totp-secret]').getAttribute('data-totp-secret'))!
  await page.fill('#field-code', '000000' === totpCode(secret) ? '111111' : '000000')
  await page.locator('form.card button.button--primary').click()
  await expect(page.locator('.alert--error, .error-summary').first()).toBeVisible()
  await shot('enrol-refused')
  await page.fill('#field-code', totpCode(secret))
  await page.locator('form.card button.button--primary').click()
  await expect(page.locator('[data-recovery-codes] li')).toHaveCount(10)
  await shot('recovery-codes')
  await Promise.all([page.waitForURL(/\/admin$/), page.locator('.card a.button').click()])

  // Out, and in again: the second step asks for the code.
  await Promise.all([
    page.waitForURL(/\/admin\/login$/),
    page.locator('.app__logout button').click(),
  ])
  await page.fill('#field-email', email)
  await page.fill('#field-password', PASSWORD)
  await Promise.all([
    page.waitForURL(/\/admin\/login\/code/),
    page.locator('form button.button--primary').click(),
  ])
  await expect(page.locator('input[name="code"]')).toBeVisible()
  await shot('code')
  await page.fill('#field-code', await usableTotpCode(email, secret))
  await Promise.all([
    page.waitForURL(/\/admin$/),
    page.locator('form button.button--primary').click(),
  ])
  await page.goto('/admin/admins')
  await expect(page.locator(`tr[data-admin="${email}"]`)).toContainText('Active')
})

// A merchant user's own page for it (looked at, not switched on: the demo owner is shared).
test("the merchant's sign-in security page", async ({ page }) => {
  await page.setViewportSize(DESKTOP)
  await new MerchantKiosks(page).logIn('owner@fashion-group.lu', 'demo-owner-2026')
  await page.goto('/merchant/security')
  await expect(page.locator('h1')).toHaveText('Sécurité de connexion')
  await expect(page.locator('.qr svg')).toBeVisible()
  await screenshotBothWidths(page, {
    desktop: 'e2e/.artifacts/screenshots/merchant/security-desktop-fr.png',
    phone: 'e2e/.artifacts/screenshots/merchant/security-phone-fr.png',
  })
})
