import { expect, test } from '@playwright/test'
import { AdminBackOffice } from './pages/admin-back-office.ts'
import { DESKTOP, screenshotBothWidths } from './support/screenshots.ts'

// The admin's back office in real Chromium: create a merchant, a store on a subdomain (its
// storefront answers at <subdomain>.localhost), suspend the merchant (the storefront shows
// "programme paused" in the customer's language), reactivate it, and read it all in the audit
// log. One journey at desktop width; screenshots of every page at desktop and phone width, to
// e2e/.artifacts/screenshots/admin.

const shots = (what: string, suffix = '') => ({
  desktop: `e2e/.artifacts/screenshots/admin/${what}-desktop${suffix}.png`,
  phone: `e2e/.artifacts/screenshots/admin/${what}-phone${suffix}.png`,
})

test('the admin creates, suspends and reactivates a merchant', async ({
  page,
  browser,
  baseURL,
}) => {
  await page.setViewportSize(DESKTOP)
  const admin = new AdminBackOffice(page)
  await admin.logIn()
  await screenshotBothWidths(page, shots('dashboard'))

  const slug = 'reuter-admin'
  await admin.createMerchant('Boulangerie Reuter', slug)
  await expect(page.locator('.alert--success')).toBeVisible()
  await screenshotBothWidths(page, shots('merchant-new'))

  // A taken subdomain is refused on its field, with the typed values kept.
  await page.fill('#store-code', 'REUTER-ADMIN-X')
  await page.fill('#store-name', 'Taken')
  await page.fill('#store-subdomain', 'fashionhub')
  await page.locator('form[action$="/stores"] button.button--primary').click()
  await expect(page.locator('#store-subdomain-error')).toBeVisible()
  await expect(page.locator('#store-name')).toHaveValue('Taken')
  await screenshotBothWidths(page, shots('store-refused'))

  const subdomain = 'reuter-gare-admin'
  await admin.createStore('REUTER-ADMIN', 'Reuter Gare', subdomain)
  await screenshotBothWidths(page, shots('store'))
  await page.locator('.page-header nav a').click()
  await expect(page.locator('#stores-title')).toBeVisible()

  // The customer's side, in French, on the store's subdomain.
  const port = new URL(baseURL!).port
  const customer = await browser.newContext({ locale: 'fr-FR', viewport: DESKTOP })
  const storefront = await customer.newPage()
  const joinUrl = `http://${subdomain}.localhost:${port}/join`
  expect((await storefront.goto(joinUrl))!.status()).toBe(200)

  await admin.changeStatus('Facture impayée')
  await expect(page.locator('.alert--warning')).toContainText('Facture impayée')
  await screenshotBothWidths(page, shots('merchant-suspended'))
  expect((await storefront.goto(joinUrl))!.status()).toBe(403)
  await expect(storefront.locator('html')).toHaveAttribute('lang', 'fr')
  await expect(storefront.locator('body')).toContainText('en pause')
  await screenshotBothWidths(storefront, shots('storefront-paused', '-fr'))

  await admin.changeStatus('Facture réglée')
  expect((await storefront.goto(joinUrl))!.status()).toBe(200)
  await customer.close()

  await page.goto('/admin/merchants?q=reuter')
  await expect(page.locator(`text=${slug}`)).toBeVisible()
  await screenshotBothWidths(page, shots('merchants'))

  await page.goto('/admin/audit?action=merchant.')
  await expect(page.locator('td', { hasText: 'merchant.suspend' }).first()).toBeVisible()
  await expect(page.locator('td', { hasText: 'merchant.reactivate' }).first()).toBeVisible()
  await screenshotBothWidths(page, shots('audit'))

  await page.goto('/admin/platforms')
  await screenshotBothWidths(page, shots('platforms'))
})
