import { expect, test } from '@playwright/test'
import { MerchantKiosks } from './pages/merchant-kiosks.ts'

// The owner's Categories page (/merchant/categories) in French, at desktop and phone width: a
// code refused with its message, then a category for the outlet added. Screenshots go to
// e2e/.artifacts/screenshots/merchant.

const SHOTS = 'e2e/.artifacts/screenshots/merchant'

for (const { name, width, height } of [
  { name: '1280', width: 1280, height: 900 },
  { name: '390', width: 390, height: 844 },
]) {
  test(`the Categories page at ${name} px`, async ({ page }) => {
    await page.setViewportSize({ width, height })
    await new MerchantKiosks(page).logIn('owner@fashion-group.lu', 'demo-owner-2026')
    await page.goto('/merchant/categories')
    await expect(page.locator('h1')).toHaveText('Catégories')
    await expect(page.locator('nav a[aria-current="page"]')).toHaveText('Catégories')
    await page.screenshot({ path: `${SHOTS}/categories-fr-${name}.png`, fullPage: true })

    const form = page.locator('section[aria-labelledby="new-category-title"]')
    await form.locator('#field-code').fill('Sacs à main')
    await form.locator('#field-name_fr').fill('Sacs à main')
    await form.locator('button.button--primary').click()
    await expect(page.locator('#field-code-error')).toContainText('Utilisez des minuscules')
    await expect(page.locator('#field-name_fr')).toHaveValue('Sacs à main')
    await page.locator('#new-category-title').scrollIntoViewIfNeeded()
    await page.screenshot({ path: `${SHOTS}/categories-fr-refused-${name}.png` })

    const code = `bags-${name}-${Date.now() % 100_000}`
    await page.locator('#field-code').fill(code)
    await page.selectOption('#field-store_id', { label: 'FashionOutlet' })
    await page
      .locator('section[aria-labelledby="new-category-title"] button.button--primary')
      .click()
    await expect(page.locator('.alert--success')).toContainText('La catégorie a été ajoutée.')
    await expect(page.locator(`[data-category="${code}"]`)).toContainText(
      'Seulement à FashionOutlet',
    )
  })
}
