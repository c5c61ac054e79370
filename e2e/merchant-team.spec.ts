import { expect, test } from '@playwright/test'
import { MerchantKiosks } from './pages/merchant-kiosks.ts'

// The merchant's team page (/merchant/team) in real Chromium, at desktop and phone width: an
// owner invites a manager limited to one store, opens their change form (a row under theirs), gives them a second
// store, and removes them through the confirmation dialog. Screenshots go to
// e2e/.artifacts/screenshots/merchant.

for (const { name, width, height } of [
  { name: 'desktop', width: 1280, height: 900 },
  { name: 'phone', width: 390, height: 844 },
]) {
  test(`the team page at ${name} width`, async ({ page }) => {
    await page.setViewportSize({ width, height })
    await new MerchantKiosks(page).logIn('owner@fashion-group.lu', 'demo-owner-2026')
    await page.goto('/merchant/team')
    await expect(page.locator('h1')).toHaveText('Équipe')
    const email = `ida.${name}@example.lu`
    await page.fill('#field-name', `Ida ${name}`)
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
    await page.screenshot({
      path: `e2e/.artifacts/screenshots/merchant/team-${name}-fr.png`,
      fullPage: true,
    })

    await form.locator('input[id$="-stores-FASHIONHUB"]').check()
    await form.locator('button.button--primary').click()
    await expect(page.locator('.alert--success')).toBeVisible()
    await expect(row).toContainText('FashionHub, FashionOutlet')

    await row.locator('button.button--danger').click()
    await page.locator('.confirm-dialog .button--danger').click()
    await expect(page).toHaveURL(/done=removed/)
    await expect(row.locator('.badge')).toHaveText('Retiré')
    await page.screenshot({
      path: `e2e/.artifacts/screenshots/merchant/team-removed-${name}-fr.png`,
      fullPage: true,
    })
  })
}
