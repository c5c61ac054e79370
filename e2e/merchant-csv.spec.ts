import { DESKTOP, screenshotBothWidths } from './support/screenshots.ts'
import { expect, test } from './support/owner-session.ts'

// CSV in and out as the owner (French): the Exports page and a bad day refused on its field;
// the Imports page, a file's dry run with its problems, the import started (progress, refreshed
// by the page's script) and done. One journey at desktop width; its screenshots, at desktop and
// phone width, go to e2e/.artifacts/screenshots/merchant.

const SHOTS = 'e2e/.artifacts/screenshots/merchant'

const file = (tag: string) =>
  Buffer.from(
    [
      'email;name;phone;birthday;language;consent;opening_balance',
      `zoe.${tag}@example.lu;Zoé Müller;+352 621 000 001;1990-04-02;fr;oui;120`,
      `jos.${tag}@example.lu;Jos Schmit;;02.03.1985;lb;0;0`,
      'pas-un-email;Faux;;;;;',
      `ZOE.${tag}@example.lu;Doublon;;;;;`,
      `trois.${tag}@example.lu;Trois;abc;1990-02-30;xx;peut-être;-5`,
    ].join('\r\n'),
  )

test('exports and imports', async ({ page }) => {
  await page.setViewportSize(DESKTOP)
  await page.goto('/merchant/exports')
  await expect(page.locator('h1')).toHaveText('Exports')
  await screenshotBothWidths(page, {
    desktop: `${SHOTS}/exports-fr-1280.png`,
    phone: `${SHOTS}/exports-fr-390.png`,
  })
  await page.fill('#ledger-from', '2026-13-01')
  await page.locator('form[action$="/ledger.csv"] button').click()
  await expect(page.locator('#ledger-from-error')).toContainText('AAAA-MM-JJ')
  await screenshotBothWidths(page, {
    desktop: `${SHOTS}/exports-error-fr-1280.png`,
    phone: `${SHOTS}/exports-error-fr-390.png`,
  })

  await page.goto('/merchant/imports')
  await expect(page.locator('h1')).toHaveText('Imports')
  await screenshotBothWidths(page, {
    desktop: `${SHOTS}/imports-fr-1280.png`,
    phone: `${SHOTS}/imports-fr-390.png`,
  })
  await page.setInputFiles('#field-file', {
    name: 'membres.csv',
    mimeType: 'text/csv',
    buffer: file(String(Date.now())),
  })
  await page.locator('form[enctype="multipart/form-data"] button').click()
  await expect(page.locator('h1')).toHaveText('membres.csv')
  await expect(page.locator('tr[data-problem="duplicate_in_file"]')).toBeVisible()
  await screenshotBothWidths(page, {
    desktop: `${SHOTS}/import-dry-run-fr-1280.png`,
    phone: `${SHOTS}/import-dry-run-fr-390.png`,
  })
  await page.locator('#field-send_welcome').check()
  await page.locator('form[action$="/run"] button').click()
  await expect(page.locator('#import-progress')).toBeVisible()
  await screenshotBothWidths(page, {
    desktop: `${SHOTS}/import-progress-fr-1280.png`,
    phone: `${SHOTS}/import-progress-fr-390.png`,
  })
  // The page's script takes the new progress until the worker is done.
  await expect(page.locator('#import-progress .badge')).toHaveText('Terminé', { timeout: 30_000 })
  await expect(page.locator('#import-progress')).toContainText('2')
  await screenshotBothWidths(page, {
    desktop: `${SHOTS}/import-done-fr-1280.png`,
    phone: `${SHOTS}/import-done-fr-390.png`,
  })
})
