import { expect, test } from '@playwright/test'
import { KioskApp } from './pages/kiosk-app.ts'
import { pairingCode, startTestKiosk, stopTestKiosk, type TestKiosk } from './support/kiosk.ts'
import { screenshotAtSizes } from './support/screenshots.ts'

// Every screen of the cashier UI, in English and in French, at the two sizes counters have
// (1024×768 and 1920×1080): at the café (a stamp card) from pairing to the settings, one
// journey per language, each screen shot at both sizes. The journeys check behaviour; this one
// checks that each screen is there and readable, and leaves the screenshots in
// e2e/.artifacts/screenshots/kiosk for people to look at.

const TEXT = {
  en: {
    pair: 'Pair this kiosk with a store',
    newCustomer: 'New customer',
    create: 'Create the card',
    welcome: 'Welcome! The card is ready.',
    stamp: 'Add a stamp',
    stampCard: 'Stamp the card',
    oneStamp: '+1 stamp',
    redeem: 'Redeem a reward',
    cancel: 'Cancel',
    settings: 'Settings',
    search: 'Search',
    none: 'No customer with this email address or phone number.',
    back: 'Back to the card',
  },
  fr: {
    pair: 'Associer ce terminal à un magasin',
    newCustomer: 'Nouveau client',
    create: 'Créer la carte',
    welcome: 'Bienvenue ! La carte est prête.',
    stamp: 'Ajouter un tampon',
    stampCard: 'Tamponner la carte',
    oneStamp: '+1 tampon',
    redeem: 'Échanger une récompense',
    cancel: 'Annuler',
    settings: 'Réglages',
    search: 'Rechercher',
    none: 'Aucun client avec cette adresse e-mail ou ce numéro de téléphone.',
    back: 'Retour à la carte',
  },
} as const

// Each screen is a <main> that scrolls by itself (renderer/src/styles.css), so the document's
// width alone would hide what is too wide inside it: every scroll container is measured.
const OVERFLOWING = `[document.documentElement, ...document.querySelectorAll('main')]
  .filter((box) => box.scrollWidth > box.clientWidth + 1)
  .map((box) => box.tagName.toLowerCase() + '.' + box.className + ': ' + box.scrollWidth + ' > ' + box.clientWidth)`

let kiosk: TestKiosk | null = null
test.afterEach(async () => {
  if (kiosk) await stopTestKiosk(kiosk)
  kiosk = null
})

const SIZES = [
  { width: 1024, height: 768 },
  { width: 1920, height: 1080 },
]

for (const language of ['en', 'fr'] as const) {
  test(`every screen at the café, ${language}, at 1024×768 and 1920×1080`, async ({ page }) => {
    await page.setViewportSize(SIZES[0]!)
    const t = TEXT[language]
    kiosk = await startTestKiosk()
    await kiosk.core.updateSettings({ language })
    const app = new KioskApp(page)
    /** The screen at both counter sizes; `fits`: nothing wider than its box at either size. */
    const shot = (name: string, { fits = false } = {}) =>
      screenshotAtSizes(
        page,
        SIZES.map((size) => ({
          viewport: size,
          path: app.shotPath(`cafe-${name}-${language}-${size.width}x${size.height}`),
          // A cashier never scrolls sideways.
          then: fits
            ? async () => expect(await page.evaluate<string[]>(OVERFLOWING)).toEqual([])
            : undefined,
        })),
        { fullPage: false },
      )

    await app.open(kiosk.url, process.env.E2E_BASE_URL!)
    await expect(page.locator('h1')).toHaveText(t.pair)
    await expect(page.locator('html')).toHaveAttribute('lang', language)
    await shot('1-pairing')
    const code = await pairingCode('CAFEGARE')
    if (language === 'en') {
      // The pairing QR, read by the counter's scanner, pairs without typing.
      await app.scanPairingQr(`${process.env.E2E_BASE_URL}/kiosk/pair?code=${code}`)
    } else {
      await app.pair(code)
    }
    await shot('2-pin')
    await app.unlock('482913')
    await expect(page.getByTestId('staff')).toHaveText('Demo Barista')
    await shot('3-ready', { fits: true })

    await page.fill('#search', 'nobody@example.lu')
    await page.getByRole('button', { name: t.search, exact: true }).click()
    await expect(page.getByText(t.none)).toBeVisible()
    await shot('4-search')

    await page.getByRole('button', { name: t.newCustomer }).click()
    await page.fill('input[name="name"]', 'Jean-Marc Weber')
    await page.fill('input[name="email"]', `cafe-${language}-${Date.now()}@example.lu`)
    await shot('5-enroll', { fits: true })
    await page.getByRole('button', { name: t.create }).click()
    await expect(page.getByTestId('result-title')).toHaveText(t.welcome)
    await shot('6-enrolled')
    const number = ((await page.getByTestId('new-card-number').textContent()) ?? '').replace(
      /\D/g,
      '',
    )

    await app.scan(number)
    await expect(page.locator('.stamp-grid .stamp')).not.toHaveCount(0)
    const before = await page.locator('.stamp-grid .stamp.filled').count()
    await shot('7-card', { fits: true })
    await page.getByRole('button', { name: t.stamp }).click()
    await shot('8-stamp')
    await page.getByRole('button', { name: t.stampCard }).click()
    await expect(page.getByTestId('result-title')).toHaveText(t.oneStamp)
    await shot('9-stamped')
    await page.getByRole('button', { name: t.back }).click()
    await expect(page.locator('.stamp-grid .stamp.filled')).toHaveCount(before + 1)
    await page.getByRole('button', { name: t.redeem }).click()
    await expect(page.locator('button.reward').first()).toBeDisabled()
    await shot('10-redeem', { fits: true })
    await page.getByRole('button', { name: t.cancel }).click()

    await page.locator('.status-bar button').first().click()
    await expect(page.locator('h1')).toHaveText(t.settings)
    await page.selectOption('select[name="transport"]', 'serial')
    // The merchant locks its kiosks after 5 minutes at most: a longer device time is capped.
    await expect(page.getByTestId('idle-lock-capped')).toHaveCount(0)
    await page.fill('input[name="idle"]', '30')
    await expect(page.getByTestId('idle-lock-capped')).toContainText('5')
    await shot('11-settings', { fits: true })
  })
}
