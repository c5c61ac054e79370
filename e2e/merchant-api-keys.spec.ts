import { DESKTOP, screenshotBothWidths } from './support/screenshots.ts'
import { expect, test } from './support/owner-session.ts'

// The merchant's API keys page (/merchant/api-keys) in real Chromium: an owner creates a key
// (its token shown once, with the copy button), uses it on the API, revokes it through the
// confirmation dialog and sees the API refuse it at once. One journey at desktop width; its
// screenshots, at desktop and phone width, go to e2e/.artifacts/screenshots/merchant.

test('the API keys page: a key created, used and revoked', async ({ page, request }) => {
  await page.setViewportSize(DESKTOP)
  await page.goto('/merchant/api-keys')
  await expect(page.locator('h1')).toHaveText('Clés API')
  const keyName = `Caisse ${Date.now()}`
  await page.fill('#field-name', keyName)
  await page.locator('#create button.button--primary').click()
  const token = (await page.locator('[data-api-key-token]').textContent())!.trim()
  expect(token).toMatch(/^rfk_/)
  // The copy button needs the clipboard API (a secure context); the token is selectable anyway.
  await expect(page.locator('#new-key button[data-copy-from]')).toHaveCount(1)
  await screenshotBothWidths(page, {
    desktop: `e2e/.artifacts/screenshots/merchant/api-keys-created-desktop-fr.png`,
    phone: `e2e/.artifacts/screenshots/merchant/api-keys-created-phone-fr.png`,
  })

  const auth = { headers: { authorization: `Bearer ${token}` } }
  expect((await request.get('/api/v1/programme', auth)).status()).toBe(200)
  await page.goto('/merchant/api-keys')
  await expect(page.locator('[data-api-key-token]')).toHaveCount(0)
  const row = page.locator('tr[data-api-key]', { hasText: keyName })
  await row.locator('button.button--danger').click()
  await page.locator('.confirm-dialog .button--danger').click()
  await expect(page).toHaveURL(/done=revoked/)
  await expect(row.locator('.badge')).toHaveText('Révoquée')
  expect((await request.get('/api/v1/programme', auth)).status()).toBe(401)
  await screenshotBothWidths(page, {
    desktop: `e2e/.artifacts/screenshots/merchant/api-keys-desktop-fr.png`,
    phone: `e2e/.artifacts/screenshots/merchant/api-keys-phone-fr.png`,
  })
})
