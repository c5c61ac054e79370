import { expect, test, type Page } from '@playwright/test'
import { JoinPage } from './pages/join-page.ts'
import { MerchantKiosks } from './pages/merchant-kiosks.ts'
import { inlineScriptProblems, nonceOf } from '../backend/test/inline-script-check.ts'
import { demoAdminLogin, signInAdmin } from './pages/admin-sign-in.ts'

// The pages under their Content-Security-Policy in real Chromium: each page visited reports no
// CSP violation (a `securitypolicyviolation` event, collected from before the page's own
// scripts run), its enhancement scripts ran (html.js), and its HTML holds nothing the policy
// would block. A page that needed an inline script or handler fails here.

// Browser code as strings: this file is type-checked for Node, without the DOM.
const watchViolations = (page: Page) =>
  page.addInitScript(`
    window.__cspViolations = []
    document.addEventListener('securitypolicyviolation', (event) => {
      window.__cspViolations.push(
        event.violatedDirective + ' ' + event.blockedURI + ' ' + event.sourceFile + ':' + event.lineNumber,
      )
    })
  `)

const visit = async (page: Page, path: string, wrong: string[]) => {
  const response = await page.goto(path)
  expect(response, path).not.toBeNull()
  await page.waitForSelector('html.js', { state: 'attached' })
  const nonce = nonceOf(response!.headers()['content-security-policy'] ?? null)
  for (const problem of inlineScriptProblems(await response!.text(), nonce))
    wrong.push(`${path}: ${problem}`)
  const violations = (await page.evaluate('window.__cspViolations')) as string[]
  for (const violation of violations) wrong.push(`${path}: ${violation}`)
}

test('storefront pages run under the CSP without a violation', async ({ page }) => {
  await watchViolations(page)
  const wrong: string[] = []
  await visit(page, '/s/fashionhub/join', wrong)
  await visit(page, '/s/fashionhub/login', wrong)
  await visit(page, '/s/fashionhub/password/forgot', wrong)
  const join = new JoinPage(page)
  await join.open('fashionhub', 'fr')
  await join.join({ email: 'csp.e2e@example.lu', name: 'Camille Schmit', birthday: [1, 2, 1990] })
  for (const path of ['/account', '/account/card', '/account/history', '/account/profile'])
    await visit(page, `/s/fashionhub${path}`, wrong)
  expect(wrong).toEqual([])
})

test('merchant and admin pages run under the CSP without a violation', async ({ page }) => {
  await watchViolations(page)
  const wrong: string[] = []
  await new MerchantKiosks(page).logIn('owner@fashion-group.lu', 'demo-owner-2026')
  for (const path of [
    '/merchant',
    '/merchant/kiosks',
    '/merchant/programme',
    '/merchant/staff',
    '/merchant/categories',
    '/merchant/settings',
    '/merchant/team',
    '/merchant/api-keys',
    '/merchant/security',
    // Last: the store link below is read from the stores page.
    '/merchant/stores',
  ])
    await visit(page, path, wrong)
  const store = page.locator('a[href^="/merchant/stores/"]').first()
  await visit(page, (await store.getAttribute('href'))!, wrong)
  await signInAdmin(page, await demoAdminLogin())
  for (const path of [
    '/admin',
    '/admin/mailbox',
    '/admin/emails',
    '/admin/email/settings',
    '/admin/email/diagnostics',
    '/admin/email/templates',
    '/admin/email/templates/enrollment/fr',
    '/admin/routing',
    '/admin/admins',
  ])
    await visit(page, path, wrong)
  // An email's own page shows it in a sandboxed frame whose document inherits the policy.
  await page.goto('/admin/mailbox')
  const message = page.locator('a[href^="/admin/mailbox/"]').first()
  if ((await message.count()) > 0) await visit(page, (await message.getAttribute('href'))!, wrong)
  expect(wrong).toEqual([])
})

test('the API docs run Swagger UI under the CSP without a violation', async ({ page }) => {
  await watchViolations(page)
  const response = await page.goto('/api/v1/docs')
  // Swagger UI drew the document: its title and the operations of the API.
  await expect(page.locator('.swagger-ui .info .title')).toContainText('RewardFlow')
  await expect(page.locator('.opblock').first()).toBeVisible()
  const nonce = nonceOf(response!.headers()['content-security-policy'] ?? null)
  expect(inlineScriptProblems(await response!.text(), nonce)).toEqual([])
  expect(await page.evaluate('window.__cspViolations')).toEqual([])
})
