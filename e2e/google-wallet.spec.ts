import { expect, test } from '@playwright/test'
import { AdminBackOffice } from './pages/admin-back-office.ts'
import { JoinPage } from './pages/join-page.ts'

// Google Wallet in the demo (npm start: the local Google Wallet stand-in and the demo issuer):
// the admin's settings and diagnostics; a new member's "Add to Google Wallet" on the join
// success page and the card page, which signs the save link at the click and lands on the
// stand-in's save page with the verified pass. Screenshots at desktop and phone width, to
// e2e/.artifacts/screenshots/wallet.

const shot = (name: string) => ({
  path: `e2e/.artifacts/screenshots/wallet/${name}.png`,
  fullPage: true,
})

for (const { name, width, height, language } of [
  { name: 'desktop', width: 1280, height: 900, language: 'en' },
  { name: 'phone', width: 390, height: 844, language: 'fr' },
]) {
  test(`Google Wallet settings, diagnostics and the Save button at ${name} width`, async ({
    page,
    browser,
  }) => {
    await page.setViewportSize({ width, height })
    const admin = new AdminBackOffice(page)
    await admin.logIn()
    await page.goto('/admin/wallet')
    await expect(page.locator('[data-key-saved="yes"]')).toBeVisible()
    await page.locator('form[action="/admin/wallet/diagnostics"] button').click()
    await expect(page.locator('[data-step="save_link"]')).toHaveAttribute('data-verdict', 'ok')
    await expect(page.locator('[data-step="token"]')).toHaveAttribute('data-verdict', 'ok')
    await page.screenshot(shot(`admin-wallet-${name}`))

    const customer = await browser.newContext({ viewport: { width, height } })
    const storefront = await customer.newPage()
    const join = new JoinPage(storefront)
    await join.open('fashionhub', language)
    await join.join({ email: `wallet-${name}-${Date.now()}@example.test`, name: 'Anna Weber' })
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
  })
}
