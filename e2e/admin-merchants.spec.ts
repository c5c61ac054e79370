import { expect, test } from '@playwright/test'
import { AdminBackOffice } from './pages/admin-back-office.ts'

// The admin's back office in real Chromium: create a merchant, a store on a subdomain (its
// storefront answers at <subdomain>.localhost), suspend the merchant (the storefront shows
// "programme paused" in the customer's language), reactivate it, and read it all in the audit
// log. Screenshots of every page at desktop and phone width, to e2e/.artifacts/screenshots/admin.

const shot = (name: string) => ({
  path: `e2e/.artifacts/screenshots/admin/${name}.png`,
  fullPage: true,
})

for (const { name, width, height } of [
  { name: 'desktop', width: 1280, height: 900 },
  { name: 'phone', width: 390, height: 844 },
]) {
  test(`the admin creates, suspends and reactivates a merchant at ${name} width`, async ({
    page,
    browser,
    baseURL,
  }) => {
    await page.setViewportSize({ width, height })
    const admin = new AdminBackOffice(page)
    await admin.logIn()
    await page.screenshot(shot(`dashboard-${name}`))

    const slug = `reuter-${name}`
    await admin.createMerchant('Boulangerie Reuter', slug)
    await expect(page.locator('.alert--success')).toBeVisible()
    await page.screenshot(shot(`merchant-new-${name}`))

    // A taken subdomain is refused on its field, with the typed values kept.
    await page.fill('#store-code', `REUTER-${name.toUpperCase()}-X`)
    await page.fill('#store-name', 'Taken')
    await page.fill('#store-subdomain', 'fashionhub')
    await page.locator('form[action$="/stores"] button.button--primary').click()
    await expect(page.locator('#store-subdomain-error')).toBeVisible()
    await expect(page.locator('#store-name')).toHaveValue('Taken')
    await page.screenshot(shot(`store-refused-${name}`))

    const subdomain = `reuter-gare-${name}`
    await admin.createStore(`REUTER-${name.toUpperCase()}`, 'Reuter Gare', subdomain)
    await page.screenshot(shot(`store-${name}`))
    await page.locator('.page-header nav a').click()
    await expect(page.locator('#stores-title')).toBeVisible()

    // The customer's side, in French, on the store's subdomain.
    const port = new URL(baseURL!).port
    const customer = await browser.newContext({ locale: 'fr-FR', viewport: { width, height } })
    const storefront = await customer.newPage()
    const joinUrl = `http://${subdomain}.localhost:${port}/join`
    expect((await storefront.goto(joinUrl))!.status()).toBe(200)

    await admin.changeStatus('Facture impayée')
    await expect(page.locator('.alert--warning')).toContainText('Facture impayée')
    await page.screenshot(shot(`merchant-suspended-${name}`))
    expect((await storefront.goto(joinUrl))!.status()).toBe(403)
    await expect(storefront.locator('html')).toHaveAttribute('lang', 'fr')
    await expect(storefront.locator('body')).toContainText('en pause')
    await storefront.screenshot(shot(`storefront-paused-${name}-fr`))

    await admin.changeStatus('Facture réglée')
    expect((await storefront.goto(joinUrl))!.status()).toBe(200)
    await customer.close()

    await page.goto('/admin/merchants?q=reuter')
    await expect(page.locator(`text=${slug}`)).toBeVisible()
    await page.screenshot(shot(`merchants-${name}`))

    await page.goto('/admin/audit?action=merchant.')
    await expect(page.locator('td', { hasText: 'merchant.suspend' }).first()).toBeVisible()
    await expect(page.locator('td', { hasText: 'merchant.reactivate' }).first()).toBeVisible()
    await page.screenshot(shot(`audit-${name}`))

    await page.goto('/admin/platforms')
    await page.screenshot(shot(`platforms-${name}`))
  })
}
