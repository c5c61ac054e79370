import type { Page } from '@playwright/test'

/** Log in, forgot password and reset password on a store's storefront. */
export class SignInPages {
  constructor(readonly page: Page) {}

  async forgotPassword(store: string, email: string) {
    await this.page.goto(`/s/${store}/password/forgot`)
    await this.page.fill('#field-email', email)
    await Promise.all([
      this.page.waitForURL(/sent=1/),
      this.page.locator('form.card button.button--primary').click(),
    ])
  }

  async resetPassword(resetUrl: string, password: string) {
    await this.page.goto(resetUrl)
    await this.page.fill('#field-password', password)
    await this.page.fill('#field-password_confirm', password)
    await Promise.all([
      this.page.waitForURL(/\/account/),
      this.page.locator('form.card button.button--primary').click(),
    ])
  }

  async logIn(email: string, password: string) {
    await this.page.fill('#field-email', email)
    await this.page.fill('#field-password', password)
    await Promise.all([
      this.page.waitForURL(/\/account/),
      this.page.locator('form.card button.button--primary').click(),
    ])
  }

  async logOut() {
    await Promise.all([
      this.page.waitForURL(/\/login/),
      this.page.locator('.site-nav__form button').click(),
    ])
  }
}
