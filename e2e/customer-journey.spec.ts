import { expect, test } from '@playwright/test'
import { JoinPage } from './pages/join-page.ts'
import { SignInPages } from './pages/sign-in-pages.ts'
import { e2eDatabase } from './support/database.ts'
import { earnThroughApi } from './support/api.ts'

// The customer journey on the storefront, in French and in English. Pages are screenshotted as
// test artifacts (e2e/.artifacts/screenshots).

/**
 * The password reset email to an address, once the worker's job has queued it (forgot-password
 * enqueues a job for a known and an unknown address alike; the job decides).
 */
const resetEmailOf = async (email: string) => {
  let mail: { variables: { reset_url: string }; language: string } | undefined
  await expect
    .poll(async () => {
      ;[mail] = await e2eDatabase().query<{ variables: { reset_url: string }; language: string }>(
        `SELECT variables, language FROM outbound_emails
          WHERE to_address = $1 AND template = 'password_reset' ORDER BY created_at DESC LIMIT 1`,
        [email],
      )
      return mail !== undefined
    })
    .toBe(true)
  return mail!
}

const shot = (name: string) => ({ path: `e2e/.artifacts/screenshots/${name}.png`, fullPage: true })

for (const language of ['fr', 'en'] as const) {
  test(`joins at FASHIONHUB and is "already a member" at FASHIONOUTLET (${language})`, async ({
    page,
  }) => {
    const email = `journey-${language}-${Date.now()}@example.lu`
    const join = new JoinPage(page)
    await join.open('fashionhub', language)
    await expect(page.locator('html')).toHaveAttribute('lang', language)
    await page.screenshot(shot(`join-${language}`))
    await join.join({ email, name: 'Léa Muller', birthday: [14, 7, 1990] })
    await expect(page.locator('.loyalty-card__qr svg')).toBeVisible()
    await expect(page.locator('.alert--success')).toContainText('50')
    await page.screenshot(shot(`joined-${language}`))

    await page.context().clearCookies()
    await join.open('fashionoutlet', language)
    await join.join({ email: email.toUpperCase(), name: 'Léa Muller' })
    await expect(page.locator('h1')).toHaveText(
      language === 'fr' ? 'Vous êtes déjà membre' : 'You are already a member',
    )
    await expect(page.locator('.loyalty-card__qr')).toHaveCount(0)
    await page.screenshot(shot(`already-member-${language}`))

    // Forgot password → the link from the email recorded in the same transaction → reset.
    const signIn = new SignInPages(page)
    await signIn.forgotPassword('fashionhub', email)
    await page.screenshot(shot(`forgot-sent-${language}`))
    const mail = await resetEmailOf(email)
    expect(mail!.language).toBe(language)
    const resetUrl = mail!.variables.reset_url
    expect(resetUrl).toMatch(/\/s\/fashionhub\/password\/reset\//)
    const password = `Correct horse ${language} 2026`
    await signIn.resetPassword(resetUrl, password)

    // Log out, log in with the new password: the account shows the balance (50 welcome points).
    await signIn.logOut()
    await signIn.logIn(email, password)
    await expect(page.locator('html')).toHaveAttribute('lang', language)
    await expect(page.locator('main')).toContainText('50')
    await page.screenshot(shot(`account-${language}`))

    // A cashier's earning through the API shows up in the history.
    const [card] = await e2eDatabase().query<{ number: string }>(
      `SELECT c.number FROM cards c JOIN customers cu ON cu.id = c.customer_id WHERE cu.email = $1`,
      [email],
    )
    await earnThroughApi(card!.number, 4_250)
    await page.goto('/s/fashionhub/account/history')
    await expect(page.locator('main')).toContainText('42')
    await expect(page.locator('main')).toContainText('FashionHub')
    await page.screenshot(shot(`history-${language}`))
    for (const name of ['card', 'profile'] as const) {
      await page.goto(`/s/fashionhub/account/${name}`)
      await page.screenshot(shot(`${name}-${language}`))
    }
  })
}

test('an expired session leads to the login page and back, with no member content on the way', async ({
  page,
}) => {
  const email = `expiry-${Date.now()}@example.lu`
  await new JoinPage(page).open('fashionhub', 'en')
  await new JoinPage(page).join({ email, name: 'Sam Expired' })
  await page.goto('/s/fashionhub/account/history')
  await expect(page).toHaveURL(/\/account\/history$/)
  // The session ends on the server (as an idle timeout would).
  await e2eDatabase().query(
    `UPDATE web_sessions SET idle_expires_at = now() - interval '1 second'
      WHERE customer_id = (SELECT id FROM customers WHERE email = $1)`,
    [email],
  )
  const response = await page.goto('/s/fashionhub/account/history')
  expect(response?.request().redirectedFrom()?.url()).toMatch(/\/account\/history$/)
  await expect(page).toHaveURL(/\/s\/fashionhub\/login\?next=/)
  await expect(page.locator('main')).not.toContainText('Sam Expired')
  // Set a password through "forgot password", log in: back on the page that was asked for.
  await new SignInPages(page).forgotPassword('fashionhub', email)
  const mail = await resetEmailOf(email)
  await new SignInPages(page).resetPassword(mail!.variables.reset_url, 'A long enough password')
  await new SignInPages(page).logOut()
  await page.goto('/s/fashionhub/account/history')
  await expect(page).toHaveURL(/\/login\?next=/)
  await page.fill('#field-email', email)
  await page.fill('#field-password', 'A long enough password')
  await Promise.all([
    page.waitForURL(/\/account\/history$/),
    page.locator('form.card button.button--primary').click(),
  ])
})

test('screenshots every storefront page in lb', async ({ page }) => {
  await page.goto('/s/fashionhub/join')
  await new JoinPage(page).chooseLanguage('lb')
  for (const path of ['join', 'login', 'password/forgot']) {
    await page.goto(`/s/fashionhub/${path}`)
    await expect(page.locator('html')).toHaveAttribute('lang', 'lb')
    await page.screenshot(shot(`${path.replace('/', '-')}-lb`))
  }
  await page.goto('/s/fashionhub/join')
  await new JoinPage(page).join({ email: `lb-${Date.now()}@example.lu`, name: 'Jang Schmit' })
  await page.screenshot(shot('joined-lb'))
  for (const path of [
    'account',
    'account/card',
    'account/history',
    'account/profile',
    'account/delete',
  ]) {
    await page.goto(`/s/fashionhub/${path}`)
    await expect(page.locator('html')).toHaveAttribute('lang', 'lb')
    await page.screenshot(shot(`${path.replace('/', '-')}-lb`))
  }
})
