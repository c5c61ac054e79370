import { expect, test } from '@playwright/test'
import { AdminBackOffice } from './pages/admin-back-office.ts'
import { JoinPage } from './pages/join-page.ts'
import { DESKTOP, PHONE, screenshotBothWidths } from './support/screenshots.ts'

// Google Wallet in the demo (npm start: the local Google Wallet stand-in and the demo issuer):
// the admin's settings and diagnostics; a new member's "Add to Google Wallet" on the join
// success page and the card page, which signs the save link at the click and lands on the
// stand-in's save page with the verified pass. The admin's part runs once, its screenshot at
// desktop and phone width; the member's part once per language (English at desktop width,
// French at phone width). Screenshots go to e2e/.artifacts/screenshots/wallet.

const shot = (name: string) => ({
  path: `e2e/.artifacts/screenshots/wallet/${name}.png`,
  fullPage: true,
})

test('Google Wallet settings, diagnostics and the Save button', async ({ page, browser }) => {
  await page.setViewportSize(DESKTOP)
  const admin = new AdminBackOffice(page)
  await admin.logIn()
  await page.goto('/admin/wallet')
  await expect(page.locator('[data-key-saved="yes"]')).toBeVisible()
  await page.locator('form[action="/admin/wallet/diagnostics"] button').click()
  await expect(page.locator('[data-step="save_link"]')).toHaveAttribute('data-verdict', 'ok')
  await expect(page.locator('[data-step="token"]')).toHaveAttribute('data-verdict', 'ok')
  await screenshotBothWidths(page, {
    desktop: shot('admin-wallet-desktop').path,
    phone: shot('admin-wallet-phone').path,
  })

  for (const { name, viewport, language } of [
    { name: 'desktop', viewport: DESKTOP, language: 'en' },
    { name: 'phone', viewport: PHONE, language: 'fr' },
  ] as const) {
    const customer = await browser.newContext({ viewport })
    const storefront = await customer.newPage()
    const join = new JoinPage(storefront)
    await join.open('fashionhub', language)
    await join.join({ email: `wallet-${language}-${Date.now()}@example.test`, name: 'Anna Weber' })
    const button = storefront.locator('.google-wallet-button')
    await expect(button).toContainText(
      language === 'fr' ? 'Ajouter à Google Wallet' : 'Add to Google Wallet',
    )
    await storefront.screenshot(shot(`join-done-${name}-${language}`))

    await storefront.goto('/s/fashionhub/account/card')
    await expect(storefront.locator('html')).toHaveAttribute('lang', language)
    await storefront.screenshot(shot(`account-card-${name}-${language}`))
    const number = (await storefront.locator('.loyalty-card__number').innerText()).replace(
      /\D/g,
      '',
    )

    await storefront.locator('.google-wallet-button').click()
    await expect(storefront.locator('h1')).toContainText('Google Wallet')
    await expect(storefront.locator('body')).toContainText(number)
    await expect(storefront.locator('body')).toContainText('signature was verified')
    await storefront.screenshot(shot(`save-page-${name}`))
    await customer.close()
  }
})
