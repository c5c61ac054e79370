import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test'
import { totpCode } from '../backend/security/totp.ts'
import { adminLinkFor } from '../electron/core/test/backend-process.ts'
import { AdminBackOffice } from './pages/admin-back-office.ts'
import type { AdminLogin } from './pages/admin-sign-in.ts'
import { KioskApp } from './pages/kiosk-app.ts'
import { MerchantKiosks } from './pages/merchant-kiosks.ts'
import { MerchantProgramme } from './pages/merchant-programme.ts'
import { SignInPages } from './pages/sign-in-pages.ts'
import { e2eDatabase } from './support/database.ts'
import { browserResolving, startEmptyBackend } from './support/empty-backend.ts'
import { startTestKiosk, stopTestKiosk, type TestKiosk } from './support/kiosk.ts'

// The product's acceptance test: a production install brings its first merchant live from an
// empty database (demo seed off), through the pages only. admin:create → the admin's password and
// TOTP → a platform, the merchant "Boulangerie Reuter" with a store on the platform's subdomain
// and one on a custom domain (both resolved to 127.0.0.1 by Chromium's host-resolver rules) → the
// owner invited, their invitation read in the local mailbox → programme, rewards, category,
// cashier → a kiosk (web host) paired → the cashier enrolls a customer and earns → the customer's
// French emails, password, and account on the custom domain → the owner finds them → the admin
// reads every step in the audit log. Screenshots to e2e/.artifacts/screenshots/go-live/.

const SHOTS = 'e2e/.artifacts/screenshots/go-live'
const BASE_DOMAIN = 'fidelite.test'
const SUBDOMAIN = 'reuter-gare'
const SUBDOMAIN_HOST = `${SUBDOMAIN}.${BASE_DOMAIN}`
const CUSTOM_HOST = 'fidelite.boulangerie-reuter.lu'
const DESKTOP = { width: 1280, height: 900 }
const PHONE = { width: 390, height: 844 }

const ADMIN = {
  email: 'ada@fidelite.test',
  name: 'Ada Admin',
  password: 'a long go-live passphrase',
}
const OWNER = {
  email: 'marc@boulangerie-reuter.lu',
  name: 'Marc Reuter',
  password: 'Pain et croissants 2026',
}
const CUSTOMER = {
  email: 'claire.weber@example.lu',
  name: 'Claire Weber',
  password: 'Ma carte Reuter 2026',
}
const PIN = '4826'

let backend: Awaited<ReturnType<typeof startEmptyBackend>> | undefined
let browser: Browser | undefined
let kiosk: TestKiosk | undefined

test.afterAll(async () => {
  if (kiosk) await stopTestKiosk(kiosk)
  await browser?.close()
  await backend?.stop()
})

let shots = 0
/** A numbered full-page screenshot, so the folder reads in the journey's order. */
const shot = (page: Page, name: string) =>
  page.screenshot({
    path: `${SHOTS}/${String(++shots).padStart(2, '0')}-${name}.png`,
    fullPage: true,
  })

/**
 * Waits for the worker to have handed an email to the local mailbox (the newest to `to`, or the
 * one whose subject has `subject`), opens it, and returns the link of its text part.
 */
const mailboxLink = async (
  admin: Page,
  to: string,
  link: RegExp,
  subject?: string,
): Promise<string> => {
  const row = admin.locator('tr[data-message-id]', subject ? { hasText: subject } : {}).first()
  await expect(async () => {
    await admin.goto(`/admin/mailbox?q=${encodeURIComponent(to)}`)
    await expect(row).toBeVisible({ timeout: 1_000 })
  }).toPass({ timeout: 30_000 })
  await Promise.all([admin.waitForURL(/\/admin\/mailbox\/[^/?]+$/), row.locator('a').click()])
  const text = (await admin.locator('pre').first().textContent()) ?? ''
  const found = link.exec(text)
  if (!found) throw new Error(`no link like ${link} in the mail to ${to}:\n${text}`)
  return found[0]
}

test('a production install brings Boulangerie Reuter live from an empty database', async () => {
  test.setTimeout(300_000)
  backend = await startEmptyBackend()
  const { url, port } = backend
  const db = e2eDatabase(backend.env.DATA_DIR!)
  browser = await browserResolving([SUBDOMAIN_HOST, CUSTOM_HOST])
  const context = (options: Parameters<Browser['newContext']>[0] = {}): Promise<BrowserContext> =>
    browser!.newContext({ baseURL: url, viewport: DESKTOP, ...options })

  // Nothing at all: no merchant, no admin.
  expect(await db.query(`SELECT id FROM merchants`)).toEqual([])
  expect(await db.query(`SELECT id FROM platform_admins`)).toEqual([])

  // 1. admin:create prints a one-time link; the admin chooses a password and enrols TOTP.
  const link = new URL(await adminLinkFor(backend.env, ADMIN.email, ADMIN.name))
  expect(link.origin).toBe(url)
  const admin = await (await context({ locale: 'en-GB' })).newPage()
  await admin.goto(link.pathname)
  await shot(admin, 'admin-set-password')
  await admin.fill('#field-password', ADMIN.password)
  await admin.fill('#field-password_confirm', ADMIN.password)
  await Promise.all([
    admin.waitForURL(/\/admin\/login\/enrol/),
    admin.locator('form.card button.button--primary').click(),
  ])
  await expect(admin.locator('.qr svg')).toBeVisible()
  await shot(admin, 'admin-enrol-totp')
  const secret = (await admin.locator('[data-totp-secret]').getAttribute('data-totp-secret'))!
  await admin.fill('#field-code', totpCode(secret))
  await admin.locator('form.card button.button--primary').click()
  await expect(admin.locator('[data-recovery-codes] li')).toHaveCount(10)
  await shot(admin, 'admin-recovery-codes')
  // The link was good once.
  const again = await (await context()).newPage()
  await again.goto(link.pathname)
  await expect(again.locator('.alert--error')).toBeVisible()
  await again.context().close()

  // Signs out and in again: the password, then a code.
  await Promise.all([admin.waitForURL(/\/admin$/), admin.locator('.card a.button').click()])
  await Promise.all([
    admin.waitForURL(/\/admin\/login$/),
    admin.locator('.app__logout button').click(),
  ])
  const backOffice = new AdminBackOffice(admin)
  const login: AdminLogin = { email: ADMIN.email, password: ADMIN.password, totp_secret: secret }
  await backOffice.logIn(login, db)
  await shot(admin, 'admin-dashboard-empty')

  // 2. The platform, then the merchant with a store on a subdomain and one on a custom domain.
  await admin.goto('/admin/platforms')
  await shot(admin, 'admin-platforms-empty')
  await admin.fill('#platform-new-name', 'Fidélité Luxembourg')
  await admin.fill('#platform-new-base_domain', BASE_DOMAIN)
  await admin.selectOption('#platform-new-default_language', 'fr')
  await admin.fill('#platform-new-support_email', `support@${BASE_DOMAIN}`)
  await admin.fill('#platform-new-sender_name', 'Fidélité Luxembourg')
  await Promise.all([
    admin.waitForURL(/done=created/),
    admin.locator('section[aria-labelledby="platform-new-title"] button.button--primary').click(),
  ])
  await shot(admin, 'admin-platform-created')

  await backOffice.createMerchant('Boulangerie Reuter', 'boulangerie-reuter')
  await shot(admin, 'admin-merchant-created')
  const merchantUrl = admin.url().replace(/\?.*$/, '')
  const merchantId = /\/admin\/merchants\/([0-9a-f-]{36})/.exec(merchantUrl)![1]!
  await backOffice.createStore('REUTER-GARE', 'Reuter Gare', SUBDOMAIN)
  await shot(admin, 'admin-store-subdomain')
  await admin.goto(merchantUrl)
  await admin.fill('#store-custom_domain', CUSTOM_HOST)
  await backOffice.createStore('REUTER-CENTRE', 'Reuter Centre', '')
  await expect(admin.locator('#store-custom_domain')).toHaveValue(CUSTOM_HOST)
  await shot(admin, 'admin-store-custom-domain')

  // 3. The owner is invited (the existing invitation flow).
  await admin.goto(merchantUrl)
  await admin.fill('#invite-name', OWNER.name)
  await admin.fill('#invite-email', OWNER.email)
  await admin.selectOption('#invite-language', 'fr')
  await Promise.all([
    admin.waitForURL(/done=/),
    admin.locator('section[aria-labelledby="invite-title"] button.button--primary').click(),
  ])
  await expect(admin.locator('.alert--success')).toBeVisible()
  await shot(admin, 'admin-owner-invited')

  // The invitation, from the local mailbox.
  const invitation = await mailboxLink(
    admin,
    OWNER.email,
    /https?:\/\/\S+\/merchant\/invitation\/\S+/,
  )
  await shot(admin, 'mailbox-owner-invitation')

  // 4. The owner opens it and chooses a password (in French: the invitation's language).
  const ownerContext = await context({ locale: 'fr-FR' })
  const owner = await ownerContext.newPage()
  await owner.goto(new URL(invitation).pathname)
  await expect(owner.locator('html')).toHaveAttribute('lang', 'fr')
  await shot(owner, 'owner-invitation')
  await owner.fill('#field-password', OWNER.password)
  await owner.fill('#field-password_confirm', OWNER.password)
  await Promise.all([
    owner.waitForURL((u) => u.pathname === '/merchant'),
    owner.locator('form.card button.button--primary').click(),
  ])
  await shot(owner, 'owner-dashboard')

  // 5. The programme: points, terms in the four languages, live; two rewards.
  const programme = new MerchantProgramme(owner)
  await programme.open()
  await shot(owner, 'owner-programme-draft')
  await programme.saveSettings({
    points_per_currency_unit: '1',
    welcome_bonus: '20',
    terms_fr: 'Un point par euro dépensé chez Boulangerie Reuter. Une carte par personne.',
    terms_de: 'Ein Punkt pro ausgegebenem Euro bei Boulangerie Reuter. Eine Karte pro Person.',
    terms_lb: 'Ee Punkt pro ausginnegen Euro bei der Boulangerie Reuter. Eng Kaart pro Persoun.',
    terms_en: 'One point per euro spent at Boulangerie Reuter. One card per person.',
  })
  await expect(owner.locator('[data-terms-missing]')).toHaveCount(0)
  await programme.addReward(
    { fr: 'Un croissant', en: 'A croissant', de: 'Ein Croissant', lb: 'E Croissant' },
    10,
  )
  await programme.addReward(
    { fr: 'Une baguette', en: 'A baguette', de: 'Ein Baguette', lb: 'Eng Baguette' },
    25,
  )
  await expect(programme.rewards()).toHaveCount(2)
  await owner.locator('section[aria-labelledby="status-title"] a.button').click()
  await shot(owner, 'owner-programme-activate-confirm')
  await Promise.all([
    owner.waitForURL(/\/merchant\/programme\?/),
    owner.locator('form button.button--primary').click(),
  ])
  await expect(
    owner.locator('section[aria-labelledby="status-title"] .badge--success'),
  ).toBeVisible()
  await shot(owner, 'owner-programme-live')

  // A category, for every store.
  await owner.goto('/merchant/categories')
  const newCategory = owner.locator('section[aria-labelledby="new-category-title"]')
  await newCategory.locator('#field-code').fill('viennoiseries')
  await newCategory.locator('#field-name_fr').fill('Viennoiseries')
  await newCategory.locator('#field-name_en').fill('Pastries')
  await newCategory.locator('button.button--primary').click()
  await expect(owner.locator('.alert--success')).toBeVisible()
  await shot(owner, 'owner-categories')

  // A cashier at the centre store, with a PIN.
  await owner.goto('/merchant/staff')
  await owner.fill('#field-name', 'Sophie Hoffmann')
  await owner.check('#field-stores-REUTER-CENTRE')
  await owner.fill('#field-pin', PIN)
  await owner.locator('#create button.button--primary').click()
  await expect(owner.locator('.alert--success')).toBeVisible()
  await shot(owner, 'owner-staff')

  // 6. A kiosk at the centre store pairs with the code /merchant/kiosks shows.
  const code = await new MerchantKiosks(owner).pairNewKiosk('REUTER-CENTRE', 'Comptoir centre')
  await shot(owner, 'owner-kiosk-code')
  kiosk = await startTestKiosk()
  const till = await (await context({ viewport: { width: 1024, height: 768 } })).newPage()
  const app = new KioskApp(till)
  await app.open(kiosk.url, url)
  await shot(till, 'kiosk-pairing')
  await app.pair(code)

  // 7. The cashier unlocks, enrolls Claire with her email, and adds points.
  await app.unlock(PIN)
  await expect(till.getByTestId('staff')).toHaveText('Sophie Hoffmann')
  await shot(till, 'kiosk-unlocked')
  // A new kiosk speaks English until the counter chooses its language.
  await app.setLanguage('Français', /^Save$/)
  await expect(till.locator('html')).toHaveAttribute('lang', 'fr')
  await till.getByRole('button', { name: 'Retour' }).click()
  await till.getByRole('button', { name: 'Nouveau client' }).click()
  await till.fill('input[name="name"]', CUSTOMER.name)
  await till.fill('input[name="email"]', CUSTOMER.email)
  await till.selectOption('select[name="language"]', 'fr')
  await till.locator('input[name="consent"]').check()
  await shot(till, 'kiosk-enroll')
  await till.getByRole('button', { name: 'Créer la carte' }).click()
  await expect(till.locator('img.qr')).toBeVisible()
  const number = ((await till.getByTestId('new-card-number').textContent()) ?? '').replace(
    /\D/g,
    '',
  )
  expect(number).toHaveLength(12)
  await shot(till, 'kiosk-enrolled')
  await app.scan(number)
  expect(await app.balance()).toBe(20)
  await till
    .getByRole('button', { name: /^Ajouter des points$/ })
    .first()
    .click()
  await till.getByRole('button', { name: 'Viennoiseries' }).click()
  await till.keyboard.type('1250', { delay: 60 })
  await till.keyboard.press('Enter')
  await expect(till.getByTestId('result-title')).toHaveText('+12 points')
  await shot(till, 'kiosk-earned')
  // The kiosk's queue reaches the server.
  await expect
    .poll(
      async () =>
        (
          await db.query<{ balance: number }>(
            `SELECT points_balance AS balance FROM cards WHERE number = $1`,
            [number],
          )
        )[0]?.balance,
      { timeout: 30_000 },
    )
    .toBe(32)

  // 8. Claire's enrollment email, in French, in the local mailbox.
  await expect
    .poll(
      async () =>
        await db.query<{ language: string; status: string }>(
          `SELECT language, status FROM outbound_emails WHERE to_address = $1 AND template = 'enrollment'`,
          [CUSTOMER.email],
        ),
      { timeout: 30_000 },
    )
    .toEqual([{ language: 'fr', status: 'sent' }])
  await mailboxLink(admin, CUSTOMER.email, /http\S+\/account/, 'votre carte de fidélité')
  await shot(admin, 'mailbox-enrollment-fr')

  // 9. On the custom domain: forgot password → the reset link → a password → her account.
  const customerContext = await browser.newContext({ locale: 'fr-FR', viewport: PHONE })
  const customer = await customerContext.newPage()
  const storefront = `http://${CUSTOM_HOST}:${port}`
  await customer.goto(`${storefront}/password/forgot`)
  await expect(customer.locator('html')).toHaveAttribute('lang', 'fr')
  await shot(customer, 'storefront-forgot-390')
  await customer.fill('#field-email', CUSTOMER.email)
  await Promise.all([
    customer.waitForURL(/sent=1/),
    customer.locator('form.card button.button--primary').click(),
  ])
  const reset = await mailboxLink(
    admin,
    CUSTOMER.email,
    /https?:\/\/\S+\/password\/reset\/\S+/,
    'Réinitialisez votre mot de passe',
  )
  expect(new URL(reset).origin).toBe(storefront)
  const signIn = new SignInPages(customer)
  await signIn.resetPassword(reset, CUSTOMER.password)
  await signIn.logOut()
  await shot(customer, 'storefront-login-390')
  await signIn.logIn(CUSTOMER.email, CUSTOMER.password)
  await expect(customer).toHaveURL(new RegExp(`^${storefront}/account`))
  await expect(customer.locator('html')).toHaveAttribute('lang', 'fr')
  await expect(customer.locator('main')).toContainText('32')
  await expect(customer.locator('.page-lead')).toHaveText(/^Reuter Centre\s:\svotre solde/)
  await shot(customer, 'storefront-account-fr-390')
  await customer.goto(`${storefront}/account/history`)
  await expect(customer.locator('main')).toContainText('Reuter Centre')
  await expect(customer.locator('main')).toContainText('12')
  await shot(customer, 'storefront-history-fr-390')
  await customer.setViewportSize(DESKTOP)
  await shot(customer, 'storefront-history-fr')

  // The other store answers on the platform's subdomain.
  const gare = await customerContext.newPage()
  const joinPage = await gare.goto(`http://${SUBDOMAIN_HOST}:${port}/join`)
  expect(joinPage!.status()).toBe(200)
  await expect(gare.locator('h1')).toHaveText('Rejoignez Reuter Gare')
  await shot(gare, 'storefront-subdomain-join')

  // 10. The owner finds Claire in the customers.
  await owner.goto('/merchant/customers')
  await owner.fill('#customer-query', CUSTOMER.email)
  await owner.locator('form[role="search"] button.button--primary').click()
  await expect(owner.locator('tr[data-card]')).toHaveCount(1)
  await shot(owner, 'owner-customers')
  await owner.locator('tr[data-card] a').first().click()
  await expect(owner).toHaveURL(new RegExp(`/merchant/customers/${number}$`))
  await expect(owner.locator('[data-field="balance"] dd')).toContainText('32')
  await shot(owner, 'owner-customer')
  await owner.setViewportSize(PHONE)
  await shot(owner, 'owner-customer-390')

  // 11. The admin reads every step in the audit log.
  const steps = [
    'merchant.create',
    'store.create',
    'merchant_user.invite',
    'merchant_user.accept_invitation',
    'programme.update',
    'reward.create',
    'programme.activate',
    'category.create',
    'staff.create',
    'kiosk.create',
    'kiosk.pair',
  ]
  await admin.goto(`/admin/audit?merchant=${merchantId}`)
  const audited = admin.locator('section[aria-labelledby="audit-title"] td:nth-child(4) > code')
  await expect(audited).toHaveText(
    (
      await db.query<{ action: string }>(
        `SELECT action FROM audit_log WHERE merchant_id = $1 ORDER BY created_at DESC, id DESC`,
        [merchantId],
      )
    ).map((row) => row.action),
  )
  expect(new Set(await audited.allTextContents())).toEqual(new Set(steps))
  await expect(
    admin.locator('section[aria-labelledby="audit-title"] tr', { hasText: 'store.create' }),
  ).toHaveCount(2)
  await expect(
    admin.locator('section[aria-labelledby="audit-title"] tr', { hasText: 'reward.create' }),
  ).toHaveCount(2)
  // Each by whom: the admin set the merchant up, its owner the rest, the kiosk paired itself.
  const row = (action: string) =>
    admin.locator('section[aria-labelledby="audit-title"] tr', { hasText: action }).first()
  for (const action of ['merchant.create', 'store.create', 'merchant_user.invite'])
    await expect(row(action)).toContainText(ADMIN.name)
  for (const action of [
    'merchant_user.accept_invitation',
    'programme.update',
    'reward.create',
    'staff.create',
    'kiosk.create',
  ])
    await expect(row(action)).toContainText(OWNER.name)
  await shot(admin, 'admin-audit')
  await admin.setViewportSize(PHONE)
  await shot(admin, 'admin-audit-390')
  await admin.setViewportSize(DESKTOP)
  // The platform itself is in the log too, without a merchant.
  await admin.goto('/admin/audit?action=platform.')
  await expect(
    admin.locator('section[aria-labelledby="audit-title"] td:nth-child(4) > code'),
  ).toHaveText(['platform.create'])
  await admin.goto('/admin')
  await shot(admin, 'admin-dashboard-live')
})
