import { DESKTOP, screenshotBothWidths } from './support/screenshots.ts'
import { expect, test } from './support/owner-session.ts'

// The owner's Categories page (/merchant/categories) in French: a code refused with its
// message, then a category for the outlet added. One journey at desktop width; its screenshots,
// at desktop and phone width, go to e2e/.artifacts/screenshots/merchant.

const SHOTS = 'e2e/.artifacts/screenshots/merchant'

test('the Categories page: a code refused, then a category for the outlet', async ({ page }) => {
  await page.setViewportSize(DESKTOP)
  await page.goto('/merchant/categories')
  await expect(page.locator('h1')).toHaveText('Catégories')
  await expect(page.locator('nav a[aria-current="page"]')).toHaveText('Catégories')
  await screenshotBothWidths(page, {
    desktop: `${SHOTS}/categories-fr-1280.png`,
    phone: `${SHOTS}/categories-fr-390.png`,
  })

  const form = page.locator('section[aria-labelledby="new-category-title"]')
  await form.locator('#field-code').fill('Sacs à main')
  await form.locator('#field-name_fr').fill('Sacs à main')
  await form.locator('button.button--primary').click()
  await expect(page.locator('#field-code-error')).toContainText('Utilisez des minuscules')
  await expect(page.locator('#field-name_fr')).toHaveValue('Sacs à main')
  await screenshotBothWidths(
    page,
    {
      desktop: `${SHOTS}/categories-fr-refused-1280.png`,
      phone: `${SHOTS}/categories-fr-refused-390.png`,
    },
    { fullPage: false, scrollTo: page.locator('#new-category-title') },
  )

  const code = `bags-${Date.now() % 100_000}`
  await page.locator('#field-code').fill(code)
  await page.selectOption('#field-store_id', { label: 'FashionOutlet' })
  await page.locator('section[aria-labelledby="new-category-title"] button.button--primary').click()
  await expect(page.locator('.alert--success')).toContainText('La catégorie a été ajoutée.')
  await expect(page.locator(`[data-category="${code}"]`)).toContainText('Seulement à FashionOutlet')
})
