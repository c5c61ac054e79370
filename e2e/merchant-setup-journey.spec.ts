import { expect, test } from '@playwright/test'
import { KioskApp } from './pages/kiosk-app.ts'
import { MerchantKiosks } from './pages/merchant-kiosks.ts'
import { MerchantProgramme } from './pages/merchant-programme.ts'
import { cardThroughApi, enrollThroughApi } from './support/api.ts'
import { e2eDatabase } from './support/database.ts'
import { startTestKiosk, stopTestKiosk, type TestKiosk } from './support/kiosk.ts'

// Merchant set-up without SQL, end to end: the owner changes the programme in French, adds a
// reward, a category and a cashier with a PIN on the merchant pages; a new kiosk at FASHIONHUB
// (the web host on its own kiosk core) pairs and syncs; the new cashier unlocks it with that
// PIN, earns under the new category and redeems the new reward — nothing written by SQL.

const SHOTS = 'e2e/.artifacts/screenshots/merchant'
let kiosk: TestKiosk | undefined
test.afterAll(async () => {
  if (kiosk) await stopTestKiosk(kiosk)
})

test('what the owner sets up on the merchant pages reaches a new kiosk and works at the counter', async ({
  page,
  context,
}) => {
  const run = Date.now() % 100_000
  const owner = await context.newPage()
  await owner.setViewportSize({ width: 1280, height: 900 })
  await new MerchantKiosks(owner).logIn('owner@fashion-group.lu', 'demo-owner-2026')

  // The programme, in French: a new welcome bonus and terms; then a reward members can afford.
  const programme = new MerchantProgramme(owner)
  await programme.open()
  await programme.chooseLanguage('fr')
  const welcome = 40 + (run % 20)
  await programme.saveSettings({
    welcome_bonus: String(welcome),
    terms_fr: `Conditions (parcours ${run}) : un point par euro dépensé.`,
  })
  await expect(owner.locator('.alert--success')).toContainText('Le programme a été enregistré.')
  const rewardName = `Écharpe ${run}`
  await programme.addReward({ en: `Scarf ${run}`, fr: rewardName }, 30)

  // A category for FASHIONHUB.
  const categoryName = `Chaussures ${run}`
  await owner.goto('/merchant/categories')
  const newCategory = owner.locator('section[aria-labelledby="new-category-title"]')
  await newCategory.locator('#field-code').fill(`shoes-${run}`)
  await newCategory.locator('#field-name_fr').fill(categoryName)
  await newCategory.locator('#field-name_en').fill(`Shoes ${run}`)
  await owner.selectOption('#field-store_id', { label: 'FashionHub' })
  await newCategory.locator('button.button--primary').click()
  await expect(owner.locator('.alert--success')).toContainText('La catégorie a été ajoutée.')

  // A cashier for FASHIONHUB with a PIN of the merchant's length.
  const cashier = `Léa ${run}`
  const pin = '730' + String(100 + (run % 800)).padStart(3, '0')
  await owner.goto('/merchant/staff')
  await owner.fill('#field-name', cashier)
  await owner.check('#field-stores-FASHIONHUB')
  await owner.fill('#field-pin', pin)
  await owner.locator('#create button.button--primary').click()
  await expect(owner.locator('.alert--success')).toBeVisible()
  const code = await new MerchantKiosks(owner).pairNewKiosk('FASHIONHUB', `Journey till ${run}`)

  // The new kiosk pairs and syncs; the new cashier unlocks it with the new PIN.
  kiosk = await startTestKiosk()
  const app = new KioskApp(page)
  await page.setViewportSize({ width: 1024, height: 768 })
  await app.open(kiosk.url, process.env.E2E_BASE_URL!)
  await app.pair(code)
  await app.unlock(pin)
  await expect(page.getByTestId('staff')).toHaveText(cashier)
  await app.shot('setup-journey-unlocked-en')

  // A new member gets the new welcome bonus, and earns under the new category.
  const number = await enrollThroughApi(`setup-${run}-${Date.now()}@example.lu`, `Kim ${run}`)
  await app.scan(number)
  expect(await app.balance()).toBe(welcome)
  await page
    .getByRole('button', { name: /^Add points$/ })
    .first()
    .click()
  await page.getByRole('button', { name: `Shoes ${run}` }).click()
  await expect(page.getByRole('button', { name: `Shoes ${run}` })).toHaveAttribute(
    'aria-pressed',
    'true',
  )
  await page.keyboard.type('2500', { delay: 60 })
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('result-title')).toHaveText('+25 points')
  await app.shot('setup-journey-earned-en')
  const [earning] = await e2eDatabase().query<{ code: string; staff: string }>(
    `SELECT tc.code, s.name AS staff FROM ledger_entries e
       JOIN cards c ON c.id = e.card_id
       JOIN transaction_categories tc ON tc.id = e.category_id
       JOIN staff s ON s.id = e.staff_id
      WHERE c.number = $1 AND e.type = 'earn'`,
    [number],
  )
  expect(earning).toEqual({ code: `shoes-${run}`, staff: cashier })

  // The new reward is on the kiosk, and redeems.
  await page.getByRole('button', { name: 'Back to the card' }).click()
  await page.getByRole('button', { name: 'Redeem a reward' }).click()
  await page.getByRole('button', { name: new RegExp(`Scarf ${run}`) }).click()
  await expect(page.getByTestId('result-title')).toHaveText('Reward redeemed: −30 points')
  await app.shot('setup-journey-redeemed-en')
  expect((await cardThroughApi(number)).points_balance).toBe(welcome + 25 - 30)

  await owner.screenshot({ path: `${SHOTS}/setup-journey-kiosks-fr-1280.png`, fullPage: true })
})
