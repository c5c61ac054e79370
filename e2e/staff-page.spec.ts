import { DESKTOP, screenshotBothWidths } from './support/screenshots.ts'
import { expect, test } from './support/owner-session.ts'

// The merchant's staff page (/merchant/staff) in real Chromium: the list with a locked-looking
// refusal. One journey at desktop width; its screenshots, at desktop and phone width, go to
// e2e/.artifacts/screenshots/merchant.

test('the staff page: a weak PIN refused, a cashier added, a weak new PIN refused in its row', async ({
  page,
}) => {
  await page.setViewportSize(DESKTOP)
  await page.goto('/merchant/staff')
  await expect(page.locator('h1')).toHaveText('Caissiers')
  const cashier = `Zoé ${Date.now() % 100_000}`
  await page.fill('#field-name', cashier)
  await page.check('#field-stores-FASHIONHUB')
  await page.fill('#field-pin', '123456')
  await page.locator('#create button.button--primary').click()
  await expect(page.locator('#field-pin-error')).toBeVisible()
  await screenshotBothWidths(page, {
    desktop: `e2e/.artifacts/screenshots/merchant/staff-refused-desktop-fr.png`,
    phone: `e2e/.artifacts/screenshots/merchant/staff-refused-phone-fr.png`,
  })
  await page.fill('#field-pin', '582910')
  await page.locator('#create button.button--primary').click()
  await expect(page.locator('.alert--success')).toBeVisible()
  await screenshotBothWidths(page, {
    desktop: `e2e/.artifacts/screenshots/merchant/staff-desktop-fr.png`,
    phone: `e2e/.artifacts/screenshots/merchant/staff-phone-fr.png`,
  })
  // A weak new PIN in a cashier's row: the message under that row's PIN field.
  const row = page.locator('tr', { hasText: cashier })
  await row.locator('input[name="pin"]').fill('111111')
  await row.locator('form[action="/merchant/staff/pin"] button.button--secondary').click()
  const refused = page.locator('tr', { hasText: cashier })
  await expect(refused.locator('.field__error')).toBeVisible()
  await expect(refused.locator('input[name="pin"]')).toHaveAttribute('aria-invalid', 'true')
  await screenshotBothWidths(page, {
    desktop: `e2e/.artifacts/screenshots/merchant/staff-row-refused-desktop-fr.png`,
    phone: `e2e/.artifacts/screenshots/merchant/staff-row-refused-phone-fr.png`,
  })
})
