import { expect, test } from '@playwright/test'
import { demoAdminLogin, signInAdmin } from './pages/admin-sign-in.ts'
import { JoinPage } from './pages/join-page.ts'
import { DESKTOP, screenshotBothWidths } from './support/screenshots.ts'

// Apple Wallet in the demo (npm start, no certificates: the self-made demo CA): the admin's page
// after the diagnostics, and a new member's card page with the "Add to Apple Wallet" badge,
// whose pass downloads signed. One journey at desktop width; its screenshots, at desktop and
// phone width, go to e2e/.artifacts/screenshots/wallet.

const SHOTS = 'e2e/.artifacts/screenshots/wallet'

test("Apple Wallet: the admin's diagnostics and the member's badge", async ({ page }) => {
  await page.setViewportSize(DESKTOP)
  await signInAdmin(page, await demoAdminLogin())
  await page.goto('/admin/wallet/apple')
  await expect(page.locator('h1')).toHaveText('Apple Wallet')
  await expect(page.locator('[data-demo-notice]')).toContainText('real iPhone')
  await page.locator('form[action$="/admin/wallet/apple/diagnostics"] button').click()
  await expect(page.locator('[data-step="key_matches"]')).toHaveAttribute('data-verdict', 'ok')
  await expect(page.locator('[data-step="trust"]')).toHaveAttribute('data-verdict', 'warning')
  await screenshotBothWidths(page, {
    desktop: `${SHOTS}/admin-wallet-apple-1280.png`,
    phone: `${SHOTS}/admin-wallet-apple-390.png`,
  })

  const join = new JoinPage(page)
  await join.open('fashionhub')
  await join.join({ email: `apple-${Date.now()}@example.lu`, name: 'Anna Apfel' })
  await page.goto('/s/fashionhub/account/card')
  const badge = page.locator('a[data-wallet="apple"]')
  await expect(badge).toHaveText('Add to Apple Wallet')
  const pass = await page.request.get('/s/fashionhub/account/card.pkpass')
  expect(pass.status()).toBe(200)
  expect(pass.headers()['content-type']).toBe('application/vnd.apple.pkpass')
  await screenshotBothWidths(page, {
    desktop: `${SHOTS}/account-card-apple-1280.png`,
    phone: `${SHOTS}/account-card-apple-390.png`,
  })
})
