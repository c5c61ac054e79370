import { DESKTOP, screenshotBothWidths } from './support/screenshots.ts'
import { expect, test } from './support/owner-session.ts'

// The merchant's team page (/merchant/team) in real Chromium: an owner invites a manager
// limited to one store, opens their change form (a row under theirs), gives them a second
// store, and removes them through the confirmation dialog. One journey at desktop width, its
// screenshots at desktop and phone width, to e2e/.artifacts/screenshots/merchant.

const shots = (what: string) => ({
  desktop: `e2e/.artifacts/screenshots/merchant/${what}-desktop-fr.png`,
  phone: `e2e/.artifacts/screenshots/merchant/${what}-phone-fr.png`,
})

test('the team page: a manager invited, given a second store and removed', async ({ page }) => {
  await page.setViewportSize(DESKTOP)
  await page.goto('/merchant/team')
  await expect(page.locator('h1')).toHaveText('Équipe')
  const email = `ida.${Date.now()}@example.lu`
  await page.fill('#field-name', 'Ida Manager')
  await page.fill('#field-email', email)
  await page.selectOption('#invite-role', 'manager')
  await page.check('#invite-stores-FASHIONOUTLET')
  await page.locator('#invite button.button--primary').click()
  await expect(page.locator('.alert--success')).toBeVisible()

  const row = page.locator('tr[data-member]', { hasText: email })
  await expect(row.locator('.badge--info')).toBeVisible()
  await row.locator('a.button--secondary').click()
  const form = page.locator('tr.team-edit-row')
  await expect(form).toBeVisible()
  await screenshotBothWidths(page, shots('team'))

  await form.locator('input[id$="-stores-FASHIONHUB"]').check()
  await form.locator('button.button--primary').click()
  await expect(page.locator('.alert--success')).toBeVisible()
  await expect(row).toContainText('FashionHub, FashionOutlet')

  await row.locator('button.button--danger').click()
  await page.locator('.confirm-dialog .button--danger').click()
  await expect(page).toHaveURL(/done=removed/)
  await expect(row.locator('.badge')).toHaveText('Retiré')
  await screenshotBothWidths(page, shots('team-removed'))
})
