import { expect, test } from '@playwright/test'
import { JoinPage } from './pages/join-page.ts'

// The customer journey on the storefront, in French and in English. Pages are screenshotted as
// test artifacts (e2e/.artifacts/screenshots).

const shot = (name: string) => ({ path: `e2e/.artifacts/screenshots/${name}.png`, fullPage: true })

for (const language of ['fr', 'en'] as const) {
  test(`joins at FASHIONHUB and is "already a member" at FASHIONOUTLET (${language})`, async ({
    page,
  }) => {
    const email = `journey-${language}-${Date.now()}@example.lu`
    const join = new JoinPage(page)
    await join.open('fashionhub', language)
    await expect(page.locator('html')).toHaveAttribute('lang', language)
    await page.screenshot(shot(`join-${language}`))
    await join.join({ email, name: 'Léa Muller', birthday: [14, 7, 1990] })
    await expect(page.locator('.loyalty-card__qr svg')).toBeVisible()
    await expect(page.locator('.alert--success')).toContainText('50')
    await page.screenshot(shot(`joined-${language}`))

    await page.context().clearCookies()
    await join.open('fashionoutlet', language)
    await join.join({ email: email.toUpperCase(), name: 'Léa Muller' })
    await expect(page.locator('h1')).toHaveText(
      language === 'fr' ? 'Vous êtes déjà membre' : 'You are already a member',
    )
    await expect(page.locator('.loyalty-card__qr')).toHaveCount(0)
    await page.screenshot(shot(`already-member-${language}`))
  })
}
