import { expect, test } from '@playwright/test'
import { MerchantKiosks } from './pages/merchant-kiosks.ts'

// The merchant's staff page (/merchant/staff) in real Chromium: the list with a locked-looking
// refusal, at desktop and phone width; screenshots go to e2e/.artifacts/screenshots/merchant.

for (const { name, width, height } of [
  { name: 'desktop', width: 1280, height: 900 },
  { name: 'phone', width: 390, height: 844 },
]) {
  test(`the staff page at ${name} width`, async ({ page }) => {
    await page.setViewportSize({ width, height })
    const merchant = new MerchantKiosks(page)
    await merchant.logIn('owner@fashion-group.lu', 'demo-owner-2026')
    await page.goto('/merchant/staff')
    await expect(page.locator('h1')).toHaveText('Caissiers')
    await page.fill('#field-name', `Zoé ${name}`)
    await page.check('#field-stores-FASHIONHUB')
    await page.fill('#field-pin', '123456')
    await page.locator('#create button.button--primary').click()
    await expect(page.locator('#field-pin-error')).toBeVisible()
    await page.screenshot({
      path: `e2e/.artifacts/screenshots/merchant/staff-refused-${name}-fr.png`,
      fullPage: true,
    })
    await page.fill('#field-pin', '582910')
    await page.locator('#create button.button--primary').click()
    await expect(page.locator('.alert--success')).toBeVisible()
    await page.screenshot({
      path: `e2e/.artifacts/screenshots/merchant/staff-${name}-fr.png`,
      fullPage: true,
    })
    // A weak new PIN in a cashier's row: the message under that row's PIN field.
    const row = page.locator('tr', { hasText: `Zoé ${name}` })
    await row.locator('input[name="pin"]').fill('111111')
    await row.locator('form[action="/merchant/staff/pin"] button.button--secondary').click()
    const refused = page.locator('tr', { hasText: `Zoé ${name}` })
    await expect(refused.locator('.field__error')).toBeVisible()
    await expect(refused.locator('input[name="pin"]')).toHaveAttribute('aria-invalid', 'true')
    await page.screenshot({
      path: `e2e/.artifacts/screenshots/merchant/staff-row-refused-${name}-fr.png`,
      fullPage: true,
    })
  })
}
