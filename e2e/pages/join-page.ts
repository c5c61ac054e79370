import type { Page } from '@playwright/test'

/** The storefront's join form, by its labels' fields. */
export class JoinPage {
  constructor(readonly page: Page) {}

  async open(store: string, language?: string) {
    await this.page.goto(`/s/${store}/join`)
    if (language) await this.chooseLanguage(language)
  }

  async chooseLanguage(language: string) {
    await Promise.all([
      this.page.waitForURL(/.*/),
      this.page.locator('select.lang-switch__select').selectOption(language),
    ])
    await this.page.waitForLoadState()
  }

  async join(customer: { email: string; name: string; birthday?: [number, number, number] }) {
    await this.page.fill('#field-email', customer.email)
    await this.page.fill('#field-name', customer.name)
    if (customer.birthday) {
      const [day, month, year] = customer.birthday
      await this.page.fill('#field-birthday-day', String(day))
      await this.page.selectOption('#field-birthday-month', String(month))
      await this.page.fill('#field-birthday-year', String(year))
    }
    await this.page.check('#field-terms')
    await Promise.all([
      this.page.waitForURL(/\/join\/done/),
      this.page.locator('form.card button.button--primary').click(),
    ])
  }
}
