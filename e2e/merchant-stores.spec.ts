import { MerchantStores } from './pages/merchant-stores.ts'
import { DESKTOP, screenshotBothWidths } from './support/screenshots.ts'
import { expect, test } from './support/owner-session.ts'

// The merchant's Stores pages in real Chromium: the owner gives the outlet a phone number and
// an SVG logo, then tries a brand colour white text cannot be read on (refused, with the
// ratio). Screenshots of the list and of the refused form at 1280 and 390 px go to
// e2e/.artifacts/screenshots/merchant.

const SHOTS = 'e2e/.artifacts/screenshots/merchant'

const LOGO = Buffer.from(
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="64" height="64">
  <rect width="64" height="64" rx="14" fill="#0e7490"/>
  <text x="32" y="41" font-family="sans-serif" font-size="24" font-weight="700" fill="#fff" text-anchor="middle">FO</text>
</svg>`,
)

test('the owner edits a store, with its logo, and a colour with too little contrast is refused', async ({
  page,
}) => {
  await page.setViewportSize(DESKTOP)
  const stores = new MerchantStores(page)
  await stores.edit('FASHIONOUTLET')
  await stores.save(
    { phone: '+352 54 12 34' },
    { name: 'outlet.svg', mimeType: 'image/svg+xml', buffer: LOGO },
  )
  await expect(page.locator('.alert--success')).toBeVisible()
  const logo = page.locator('tr[data-store="FASHIONOUTLET"] img.store-name__logo')
  await expect(logo).toBeVisible()
  expect(await logo.getAttribute('src')).toMatch(/^\/media\/logos\/[0-9a-f]{64}\.svg$/)
  await expect(page.locator('tr[data-store="FASHIONOUTLET"]')).toContainText('+352 54 12 34')
  await screenshotBothWidths(page, {
    desktop: `${SHOTS}/stores-1280.png`,
    phone: `${SHOTS}/stores-390.png`,
  })

  await stores.edit('FASHIONOUTLET')
  await stores.save({ brand_color: '#ffcc00' })
  await expect(page.locator('#field-brand_color-error')).toBeVisible()
  await expect(page.locator('[data-contrast="fail"]')).toBeVisible()
  await expect(page.locator('#field-brand_color')).toHaveValue('#ffcc00')
  await page.locator('#field-brand_color').scrollIntoViewIfNeeded()
  await screenshotBothWidths(
    page,
    {
      desktop: `${SHOTS}/store-contrast-error-1280.png`,
      phone: `${SHOTS}/store-contrast-error-390.png`,
    },
    {
      // The colour field and its refusal in the phone's window.
      atPhone: async () => {
        await page.locator('#field-brand_color').scrollIntoViewIfNeeded()
        await page.screenshot({ path: `${SHOTS}/store-contrast-error-390-branding.png` })
      },
    },
  )
})
