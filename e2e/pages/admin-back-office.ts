import type { Page } from '@playwright/test'
import { demoAdminLogin, signInAdmin, type AdminLogin } from './admin-sign-in.ts'

/**
 * The platform admin's pages: sign in (the one place e2e specs sign an admin in: a second
 * sign-in step goes here), create a merchant and its stores, suspend and reactivate.
 * Selectors do not depend on the page language.
 */
export class AdminBackOffice {
  constructor(readonly page: Page) {}

  /** Signs in through both steps (the demo admin by default); lands on the dashboard. */
  async logIn(login?: AdminLogin, db?: Parameters<typeof signInAdmin>[2]) {
    await signInAdmin(this.page, login ?? (await demoAdminLogin()), db)
  }

  /** Creates a merchant from /admin/merchants; lands on its page. */
  async createMerchant(name: string, slug: string) {
    await this.page.goto('/admin/merchants')
    await this.page.fill('#field-name', name)
    await this.page.fill('#field-slug', slug)
    await this.page.fill('#field-country', 'LU')
    await this.page.fill('#field-currency', 'EUR')
    await this.page.selectOption('#field-default_language', 'fr')
    await Promise.all([
      this.page.waitForURL(/\/admin\/merchants\/[0-9a-f-]{36}\?done=created/),
      this.page.locator('form[action="/admin/merchants"] button.button--primary').click(),
    ])
  }

  /** On a merchant's page: creates a store; lands on the store's page. */
  async createStore(code: string, name: string, subdomain: string) {
    await this.page.fill('#store-code', code)
    await this.page.fill('#store-name', name)
    await this.page.fill('#store-subdomain', subdomain)
    await Promise.all([
      this.page.waitForURL(/\/admin\/stores\/[0-9a-f-]{36}\?done=created/),
      this.page.locator('form[action$="/stores"] button.button--primary').click(),
    ])
  }

  /** On a merchant's page: suspends or reactivates it with a reason. */
  async changeStatus(reason: string) {
    await this.page.fill('#field-reason', reason)
    await Promise.all([
      this.page.waitForURL(/done=(suspended|reactivated)/),
      this.page.locator('form[action$="/status"] button').click(),
    ])
  }
}
