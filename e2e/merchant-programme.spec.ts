import { expect, test } from '@playwright/test'
import { MerchantKiosks } from './pages/merchant-kiosks.ts'
import { MerchantProgramme } from './pages/merchant-programme.ts'

// The owner sets up the programme in French: a new welcome bonus and terms, then a reward.
// Screenshots at desktop and phone width go to e2e/.artifacts/screenshots/merchant.

const SHOTS = 'e2e/.artifacts/screenshots/merchant'

test('the owner edits the programme in French and adds a reward', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 })
  await new MerchantKiosks(page).logIn('owner@fashion-group.lu', 'demo-owner-2026')
  const programme = new MerchantProgramme(page)
  await programme.open()
  await programme.chooseLanguage('fr')
  await expect(page.locator('h1')).toHaveText('Programme et récompenses')

  const terms = `Conditions du programme (révisées le ${new Date().toISOString().slice(0, 10)}) : un point par euro dépensé.`
  await programme.saveSettings({ welcome_bonus: '60', terms_fr: terms })
  await expect(page.locator('.alert--success')).toContainText('Le programme a été enregistré.')
  await expect(page.locator('#field-welcome_bonus')).toHaveValue('60')
  await expect(page.locator('#field-terms_fr')).toHaveValue(terms)

  const before = await programme.rewards().count()
  const name = `Foulard ${Date.now() % 10_000}`
  await programme.addReward({ en: 'Scarf', fr: name }, 180)
  await expect(programme.rewards()).toHaveCount(before + 1)
  await expect(programme.rewards().last().locator('[name="name_fr"]')).toHaveValue(name)

  await page.screenshot({ path: `${SHOTS}/programme-fr-1280.png`, fullPage: true })
  await page.setViewportSize({ width: 390, height: 844 })
  await page.reload()
  await page.screenshot({ path: `${SHOTS}/programme-fr-390.png`, fullPage: true })
  await page.screenshot({ path: `${SHOTS}/programme-fr-390-top.png` })
  await page.locator('#rewards-title').scrollIntoViewIfNeeded()
  await page.screenshot({ path: `${SHOTS}/programme-fr-390-rewards.png` })

  // The bad value comes back with its message, in French, and nothing is saved.
  await page.setViewportSize({ width: 1280, height: 900 })
  await page.fill('#field-welcome_bonus', '-3')
  await page.locator('section[aria-labelledby="settings-title"] button.button--primary').click()
  await expect(page.locator('#field-welcome_bonus-error')).toContainText(
    'Saisissez un nombre entier',
  )
  await expect(page.locator('#field-welcome_bonus')).toHaveValue('-3')
  await page.screenshot({ path: `${SHOTS}/programme-fr-refused-1280.png`, fullPage: true })
})

test('the owner pauses and activates the programme through the confirmation step', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 900 })
  await new MerchantKiosks(page).logIn('owner@fashion-group.lu', 'demo-owner-2026')
  const programme = new MerchantProgramme(page)
  await programme.open()
  await programme.chooseLanguage('fr')
  const status = page.locator('section[aria-labelledby="status-title"]')

  // Pause: the button leads to what happens, with Cancel and Confirm; Cancel changes nothing.
  await status.getByRole('link', { name: 'Mettre en pause' }).click()
  await expect(page.locator('h1')).toHaveText('Mettre le programme en pause ?')
  await expect(page.locator('[data-confirm-status="pause"] li')).toHaveCount(3)
  await page.screenshot({ path: `${SHOTS}/programme-confirm-pause-fr-1280.png`, fullPage: true })
  await page.getByRole('link', { name: 'Annuler' }).click()
  await expect(page.locator('h1')).toHaveText('Programme et récompenses')
  await expect(status.locator('.badge')).toHaveText('En ligne')
  await status.getByRole('link', { name: 'Mettre en pause' }).click()
  await page.getByRole('button', { name: 'Oui, mettre le programme en pause' }).click()
  await expect(page.locator('.alert--success')).toContainText('Le programme est en pause.')

  // Activate: members can join, kiosks accept it at their next sync.
  await status.getByRole('link', { name: 'Activer' }).click()
  await expect(page.locator('h1')).toHaveText('Activer le programme ?')
  await expect(page.locator('[data-confirm-status="activate"]')).toContainText(
    'prochaine synchronisation',
  )
  await page.screenshot({ path: `${SHOTS}/programme-confirm-activate-fr-1280.png`, fullPage: true })
  await page.setViewportSize({ width: 390, height: 844 })
  await page.screenshot({ path: `${SHOTS}/programme-confirm-activate-fr-390.png`, fullPage: true })
  await page.getByRole('button', { name: 'Oui, activer le programme' }).click()
  await expect(page.locator('.alert--success')).toContainText('Le programme est maintenant actif.')
  await expect(status.locator('.badge')).toHaveText('En ligne')
})
