import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { expect, test } from '@playwright/test'
import { cardPath } from '../shared/scan-payload.ts'
import { KioskApp } from './pages/kiosk-app.ts'
import { MerchantKiosks } from './pages/merchant-kiosks.ts'
import { SignInPages } from './pages/sign-in-pages.ts'
import { cardThroughApi, enrollThroughApi } from './support/api.ts'
import { e2eDatabase } from './support/database.ts'
import { pairingCode, startTestKiosk, stopTestKiosk, type TestKiosk } from './support/kiosk.ts'
import { startSecondBackend } from './support/second-backend.ts'

// Cashier journeys on the kiosk web host: the kiosk core on its own encrypted store, the real
// backend, real Chromium. Each journey pairs its own kiosk; screenshots go to
// e2e/.artifacts/screenshots/kiosk.

const PIN = '482913'
test.use({ viewport: { width: 1024, height: 768 } })
const backend = () => process.env.E2E_BASE_URL!
const kiosks: TestKiosk[] = []
const newKiosk = async () => {
  const kiosk = await startTestKiosk()
  kiosks.push(kiosk)
  return kiosk
}
test.afterAll(async () => {
  for (const kiosk of kiosks.splice(0)) await stopTestKiosk(kiosk)
})

const member = async (label: string) => {
  const email = `kiosk-${label}-${Date.now()}@example.lu`
  return { email, number: await enrollThroughApi(email, `Kim ${label}`) }
}

test('pairs with a code from the merchant pages, refuses wrong PINs until it locks, and reports them to the server', async ({
  page,
  context,
}) => {
  // The merchant makes a kiosk on the merchant pages and reads its one-time code.
  const merchant = new MerchantKiosks(await context.newPage())
  await merchant.logIn('owner@fashion-group.lu', 'demo-owner-2026')
  const code = await merchant.pairNewKiosk('FASHIONHUB', `Till ${Date.now()}`)
  expect(code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/)
  await merchant.page.screenshot({
    path: 'e2e/.artifacts/screenshots/kiosk/merchant-pairing-code-fr.png',
  })

  const kiosk = await newKiosk()
  const app = new KioskApp(page)
  await app.open(kiosk.url, backend())
  await expect(page.locator('h1')).toHaveText('Pair this kiosk with a store')
  await app.shot('pairing-en')
  await app.pair(code)
  await expect(page.locator('.store-name')).toHaveText('FashionHub')
  const [{ id: kioskId }] = (await e2eDatabase().query<{ id: string }>(
    `SELECT id FROM kiosks WHERE status = 'active' ORDER BY paired_at DESC LIMIT 1`,
  )) as [{ id: string }]

  await app.typePin('111111')
  await expect(page.getByRole('alert')).toContainText('Wrong PIN. 9 attempts left.')
  await app.typePin('222222')
  await app.typePin('333333')
  // The third failure locks the pad for 30 s: a countdown, the keys disabled.
  await expect(page.getByTestId('pin-countdown')).toContainText(/Try again in (30|29|28) s/)
  await expect(page.getByRole('button', { name: '5' })).toBeDisabled()
  await app.shot('pin-locked-en')

  // Every failure is queued for the server with the kiosk's next sync (docs/lessons.md #15).
  await expect
    .poll(async () => {
      const rows = await e2eDatabase().query<{ n: string }>(
        `SELECT count(*) AS n FROM kiosk_operations WHERE kiosk_id = $1 AND type = 'pin_failed'`,
        [kioskId],
      )
      return Number(rows[0]!.n)
    })
    .toBe(3)
})

test.describe('a day at the counter', () => {
  test.describe.configure({ mode: 'serial' })
  let hub: TestKiosk
  const hubName = `Hub till ${Date.now()}`
  let earnedAtHub: { email: string; number: string }

  test('a wedge scan opens the card; earn, undo, and a second earning refused in French', async ({
    page,
    context,
  }) => {
    const merchant = new MerchantKiosks(await context.newPage())
    await merchant.logIn('owner@fashion-group.lu', 'demo-owner-2026')
    const code = await merchant.pairNewKiosk('FASHIONHUB', hubName)
    await merchant.page.close()
    hub = await newKiosk()
    const app = new KioskApp(page)
    await app.open(hub.url, backend())
    await app.pair(code)
    await app.shot('pin-en')
    await app.unlock(PIN)
    await expect(page.getByTestId('staff')).toHaveText('Demo Cashier')
    await expect(page.getByTestId('connection')).toHaveText('Online')
    await app.shot('ready-en')

    const kim = await member('hub')
    await app.scan(kim.number)
    await expect(page.getByTestId('customer-name')).toHaveText('Kim hub')
    expect(await app.balance()).toBe(50)
    await app.shot('card-en')

    await app.earn(6000, /^Add points$/)
    await expect(page.getByTestId('result-title')).toHaveText('+60 points')
    await expect(page.getByTestId('new-balance')).toHaveText('New balance: 110 points')
    await app.shot('result-en')
    expect((await cardThroughApi(kim.number)).points_balance).toBe(110)

    // Undo within two minutes: a reversal on the server, the balance back to 50.
    await page.getByRole('button', { name: /^Undo \(1:[0-5]\d\)$/ }).click()
    await expect(page.getByTestId('result-title')).toHaveText('Undone')
    await expect(page.getByTestId('new-balance')).toHaveText('New balance: 50 points')
    expect((await cardThroughApi(kim.number)).points_balance).toBe(50)
    const reversals = await e2eDatabase().query<{ type: string }>(
      `SELECT e.type FROM ledger_entries e JOIN cards c ON c.id = e.card_id
        WHERE c.number = $1 ORDER BY e.recorded_at`,
      [kim.number],
    )
    expect(reversals.map((r) => r.type)).toEqual(['welcome_bonus', 'earn', 'reverse'])

    // An undone earning does not start the cooldown: the corrected amount goes through.
    await page.getByRole('button', { name: 'Back to the card' }).click()
    await app.earn(2500, /^Add points$/)
    await expect(page.getByTestId('new-balance')).toHaveText('New balance: 75 points')

    // In French, the next earning within the 5-minute cooldown is refused with the time left.
    await page.getByRole('button', { name: 'Next customer' }).click()
    await app.setLanguage('Français', /^Save$/)
    await expect(page.locator('html')).toHaveAttribute('lang', 'fr')
    await page.getByRole('button', { name: 'Retour' }).click()
    await app.scan(kim.number)
    await app.earn(1000, /^Ajouter des points$/)
    const refusal = page.getByRole('alert')
    await expect(refusal).toHaveAttribute('data-code', 'POINTS_COOLDOWN')
    await expect(refusal).toContainText('Il faut attendre 5 min entre deux crédits de points')
    await expect(refusal).toContainText(/\(encore [45] minutes?\)/)
    await app.shot('cooldown-fr')
    await page.getByRole('button', { name: 'Annuler' }).click()
    await app.shot('card-fr')

    // A second member earns at FASHIONHUB: redeemed at FASHIONOUTLET in the next journey.
    await page.getByRole('button', { name: 'Terminé' }).click()
    earnedAtHub = await member('outlet')
    // The scanner types into the card-number field when it has the focus: the card's QR, a URL.
    await app.enterCard(`${backend()}/fashionhub${cardPath(earnedAtHub.number)}`)
    await expect(page.getByTestId('customer-name')).toHaveText('Kim outlet')
    await app.earn(6000, /^Ajouter des points$/)
    await expect(page.getByTestId('new-balance')).toHaveText('Nouveau solde : 110 points')
    await app.shot('result-fr')
  })

  test('redeems at a FASHIONOUTLET kiosk the points earned at FASHIONHUB', async ({ page }) => {
    const outlet = await newKiosk()
    const app = new KioskApp(page)
    await app.open(outlet.url, backend())
    await app.pair(await pairingCode('FASHIONOUTLET'))
    await app.unlock(PIN)
    await expect(page.locator('.status-bar .store')).toHaveText('FashionOutlet')
    await app.scan(earnedAtHub.number)
    expect(await app.balance()).toBe(110)
    await expect(page.getByTestId('affordable')).toContainText('€5 voucher')
    await page.getByRole('button', { name: 'Redeem a reward' }).click()
    // What the card cannot afford is disabled, with what is missing.
    await expect(page.getByRole('button', { name: /€30 voucher/ })).toBeDisabled()
    await expect(page.getByRole('button', { name: /€30 voucher/ })).toContainText(
      '390 points missing',
    )
    await app.shot('redeem-en')
    await page.getByRole('button', { name: /€5 voucher/ }).click()
    await expect(page.getByTestId('result-title')).toHaveText('Reward redeemed: −100 points')
    await expect(page.getByTestId('new-balance')).toHaveText('New balance: 10 points')
    expect((await cardThroughApi(earnedAtHub.number)).points_balance).toBe(10)
    const stores = await e2eDatabase().query<{ type: string; code: string }>(
      `SELECT e.type, s.code FROM ledger_entries e JOIN cards c ON c.id = e.card_id
        JOIN stores s ON s.id = e.store_id WHERE c.number = $1 AND e.type IN ('earn', 'redeem')
        ORDER BY e.recorded_at`,
      [earnedAtHub.number],
    )
    expect(stores).toEqual([
      { type: 'earn', code: 'FASHIONHUB' },
      { type: 'redeem', code: 'FASHIONOUTLET' },
    ])
  })

  test('enrolls a new customer at the kiosk, who then sets a password and logs in on the storefront', async ({
    page,
  }) => {
    const app = new KioskApp(page)
    await app.open(hub.url, backend())
    await app.unlock(PIN)
    await page.getByRole('button', { name: 'Nouveau client' }).click()
    const email = `kiosk-enrolled-${Date.now()}@example.lu`
    await page.fill('input[name="name"]', 'Noémie Kayser')
    await page.fill('input[name="email"]', email)
    await page.fill('input[name="day"]', '31')
    await page.fill('input[name="month"]', '02')
    await page.fill('input[name="year"]', '1990')
    await page.getByRole('button', { name: 'Créer la carte' }).click()
    // 31 February does not exist: said next to the field, nothing sent.
    await expect(page.locator('#birthday-error')).toHaveText('Cette date n’existe pas.')
    await page.fill('input[name="day"]', '28')
    await page.selectOption('select[name="language"]', 'fr')
    await page.locator('input[name="consent"]').check()
    await app.shot('enroll-fr')
    await page.getByRole('button', { name: 'Créer la carte' }).click()
    await expect(page.getByTestId('result-title')).toHaveText('Bienvenue ! La carte est prête.')
    await expect(page.locator('img.qr')).toBeVisible()
    const number = ((await page.getByTestId('new-card-number').textContent()) ?? '').replace(
      /\D/g,
      '',
    )
    expect(number).toHaveLength(12)
    await app.shot('enrolled-fr')
    const [customer] = await e2eDatabase().query<{ birthday: string; preferred_language: string }>(
      `SELECT to_char(birthday, 'YYYY-MM-DD') AS birthday, preferred_language FROM customers
        WHERE email = $1`,
      [email],
    )
    expect(customer).toEqual({ birthday: '1990-02-28', preferred_language: 'fr' })

    // On the storefront: forgot password → the emailed link → a password → logged in.
    const signIn = new SignInPages(page)
    await signIn.forgotPassword('fashionhub', email)
    const [mail] = await e2eDatabase().query<{ variables: { reset_url: string } }>(
      `SELECT variables FROM outbound_emails WHERE to_address = $1 AND template = 'password_reset'`,
      [email],
    )
    await signIn.resetPassword(mail!.variables.reset_url, 'Kiosk enrolled 2026')
    await signIn.logOut()
    await signIn.logIn(email, 'Kiosk enrolled 2026')
    await expect(page.locator('main')).toContainText('50 points')
    await page.getByRole('link', { name: 'Afficher ma carte' }).click()
    await expect(page.locator('main')).toContainText(number.replace(/(\d{4})(?=\d)/g, '$1 '))
  })

  test('locks itself after the idle time', async ({ page }) => {
    await page.clock.install()
    const app = new KioskApp(page)
    await app.open(hub.url, backend())
    await app.unlock(PIN)
    await page.clock.fastForward('05:01')
    await expect(page.getByTestId('pin-dots')).toBeVisible()
    await expect(page.locator('.notice')).toHaveText(
      'Verrouillé après un moment d’inactivité. Saisissez votre code PIN pour continuer.',
    )
  })

  test('returns to pairing with its database gone once the merchant revokes it', async ({
    page,
    context,
  }) => {
    const app = new KioskApp(page)
    await app.open(hub.url, backend())
    await app.unlock(PIN)
    const keyFile = path.join(hub.dataDir, 'kiosk.key')
    const keyBefore = readFileSync(keyFile)
    const merchant = new MerchantKiosks(await context.newPage())
    await merchant.logIn('owner@fashion-group.lu', 'demo-owner-2026')
    await merchant.revoke(hubName)
    await expect(merchant.kioskRow(hubName)).toContainText(/révoqué|revoked/i)
    await merchant.page.screenshot({
      path: 'e2e/.artifacts/screenshots/kiosk/merchant-revoked-fr.png',
    })
    await merchant.page.close()
    await expect(page.locator('h1')).toHaveText(/Associer ce terminal|Pair this kiosk/)
    // The store was wiped with its key: what is there now is a new, empty, unpaired store.
    expect(existsSync(keyFile) ? readFileSync(keyFile).equals(keyBefore) : false).toBe(false)
    const status = await hub.core.status({})
    expect(status.ok && status.value.paired).toBe(false)
    const card = await hub.core.card({ number: earnedAtHub.number })
    expect(card.ok ? null : card.error.code).toBe('KIOSK_NOT_PAIRED')
  })
})

test('keeps serving offline and drains its queue when the backend is back', async ({ page }) => {
  const second = await startSecondBackend()
  try {
    const kiosk = await newKiosk()
    const app = new KioskApp(page)
    await app.open(kiosk.url, second.url)
    await app.pair(await pairingCode('FASHIONHUB'))
    await app.unlock(PIN)
    const kim = await member('offline')
    const lou = await member('offline-3')
    await app.scan(lou.number)
    await page.getByRole('button', { name: 'Done' }).click()
    await app.scan(kim.number)
    await app.earn(6000, /^Add points$/)
    await expect(page.getByTestId('new-balance')).toHaveText('New balance: 110 points')
    await page.getByRole('button', { name: 'Next customer' }).click()

    await second.stop()
    await expect(page.getByTestId('connection')).toHaveText('Offline', { timeout: 15_000 })
    const bob = await member('offline-2')
    // bob was enrolled after the kiosk's last sync and the backend is gone: not known here.
    await app.scan(lou.number)
    await app.earn(2500, /^Add points$/)
    await expect(page.getByTestId('result')).toHaveAttribute('data-status', 'queued')
    await expect(page.getByTestId('new-balance')).toHaveText('New balance: 75 points')
    await page.getByRole('button', { name: 'Next customer' }).click()
    await app.scan(kim.number)
    await page.getByRole('button', { name: 'Redeem a reward' }).click()
    await page.getByRole('button', { name: /€5 voucher/ }).click()
    await expect(page.getByTestId('result')).toHaveAttribute('data-status', 'queued')
    await expect(page.getByTestId('new-balance')).toHaveText('New balance: 10 points')
    await expect(page.getByTestId('queue')).toHaveText('2 to sync')
    await app.shot('offline-result-en')
    await page.getByRole('button', { name: 'Next customer' }).click()
    await page.fill('#card-number', bob.number)
    await page.keyboard.press('Enter')
    await expect(page.getByRole('alert')).toHaveAttribute('data-code', 'CARD_NOT_FOUND')

    await second.start()
    await expect(page.getByTestId('connection')).toHaveText('Online', { timeout: 15_000 })
    await expect(page.getByTestId('queue')).toHaveText('0 to sync')
    expect((await cardThroughApi(kim.number)).points_balance).toBe(10)
    expect((await cardThroughApi(lou.number)).points_balance).toBe(75)
    await app.scan(kim.number)
    expect(await app.balance()).toBe(10)
    // Enrolled meanwhile elsewhere: known after the sync.
    await page.getByRole('button', { name: 'Done' }).click()
    await app.scan(bob.number)
    expect(await app.balance()).toBe(50)
  } finally {
    await second.stop()
  }
})
