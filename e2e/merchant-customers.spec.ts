import { earnThroughApi, enrollThroughApi } from './support/api.ts'
import { e2eDatabase } from './support/database.ts'
import { DESKTOP, screenshotBothWidths } from './support/screenshots.ts'
import { expect, test } from './support/owner-session.ts'

// The merchant's Customers pages in real Chromium: search a member by email, open their card
// (phone and birthday shown), correct the balance, block the card; one journey at desktop width,
// its screenshots at desktop and phone width to e2e/.artifacts/screenshots/merchant. Selectors
// do not depend on the language.

const shots = (what: string) => ({
  desktop: `e2e/.artifacts/screenshots/merchant/${what}-desktop.png`,
  phone: `e2e/.artifacts/screenshots/merchant/${what}-phone.png`,
})

test('search, card, adjust and block', async ({ page }) => {
  await page.setViewportSize(DESKTOP)
  const email = `counter-${Date.now()}@example.lu`
  const number = await enrollThroughApi(email, `Camille Counter`)
  await e2eDatabase().query(
    `UPDATE customers SET phone = '+352 621 555 010', birthday = '1988-02-29' WHERE email = $1`,
    [email],
  )
  await earnThroughApi(number, 4_200)
  await page.goto('/merchant/customers')
  await page.fill('#customer-query', email)
  await page.locator('form[role="search"] button.button--primary').click()
  const row = page.locator(`tr[data-card="${number}"]`)
  await expect(row).toBeVisible()
  await expect(page.locator('tr[data-card]')).toHaveCount(1)
  await screenshotBothWidths(page, shots('customers'))

  await row.locator('a').first().click()
  await expect(page).toHaveURL(new RegExp(`/merchant/customers/${number}$`))
  await expect(page.locator('[data-field="phone"] dd')).toHaveText('+352 621 555 010')
  await expect(page.locator('[data-field="birthday"] dd')).toContainText('1988')
  const balance = await page.locator('[data-field="balance"] dd').innerText()

  await page.fill('#field-delta', '-5')
  await page.fill('#field-reason', 'Counted twice at the till')
  await page.locator('form[action$="/adjust"] button').click()
  await expect(page.locator('.alert--success')).toBeVisible()
  await expect(page.locator('[data-field="balance"] dd')).not.toHaveText(balance)
  await expect(page.locator('td', { hasText: 'Counted twice at the till' })).toBeVisible()

  await page.fill('#block-reason', 'Reported lost')
  await page.locator('form[action$="/block"] button').click()
  await expect(page.locator('.alert--warning')).toBeVisible()
  await screenshotBothWidths(page, shots('customer'))
  const [card] = await e2eDatabase().query<{ status: string }>(
    'SELECT status FROM cards WHERE number = $1',
    [number],
  )
  expect(card!.status).toBe('blocked')
})
