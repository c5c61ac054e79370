import { DESKTOP, screenshotBothWidths } from './support/screenshots.ts'
import { expect, test } from './support/owner-session.ts'

// The owner's Settings page (/merchant/settings) in French: a bad idle time refused with its
// message, then the form saved as it was (the other journeys rely on the demo merchant's PIN
// length and languages). One journey at desktop width; its screenshots, at desktop and phone
// width, go to e2e/.artifacts/screenshots/merchant.

const SHOTS = 'e2e/.artifacts/screenshots/merchant'

test('the Settings page: a bad idle time refused, then saved', async ({ page }) => {
  await page.setViewportSize(DESKTOP)
  await page.goto('/merchant/settings')
  await expect(page.locator('h1')).toHaveText('Paramètres')
  await expect(page.locator('#field-pin_length')).toHaveValue('6')
  await expect(page.locator('#field-pin_length-hint')).toContainText(
    'Les codes déjà donnés (actuellement 6 chiffres) restent valables',
  )
  await screenshotBothWidths(page, {
    desktop: `${SHOTS}/settings-fr-1280.png`,
    phone: `${SHOTS}/settings-fr-390.png`,
  })

  const idle = await page.locator('#field-idle_lock_minutes').inputValue()
  await page.fill('#field-idle_lock_minutes', '0')
  await page.locator('form[action="/merchant/settings"] button.button--primary').click()
  await expect(page.locator('#field-idle_lock_minutes-error')).toContainText(
    'Saisissez un nombre entier de minutes de 1 à 120.',
  )
  await expect(page.locator('#field-idle_lock_minutes')).toHaveValue('0')
  await screenshotBothWidths(page, {
    desktop: `${SHOTS}/settings-fr-refused-1280.png`,
    phone: `${SHOTS}/settings-fr-refused-390.png`,
  })

  await page.fill('#field-idle_lock_minutes', idle)
  await page.locator('form[action="/merchant/settings"] button.button--primary').click()
  await expect(page.locator('.alert--success')).toHaveText('Les paramètres ont été enregistrés.')
})
