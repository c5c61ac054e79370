import { expect, type Page } from '@playwright/test'

/** The storefront's join form, by its labels' fields. */
export class JoinPage {
  constructor(readonly page: Page) {}

  async open(store: string, language?: string) {
    await this.page.goto(`/s/${store}/join`)
    if (language) await this.chooseLanguage(language)
  }

  async chooseLanguage(language: string) {
    // The switcher's script submits the form on change: POST /language, 303 back to the page.
    await Promise.all([
      this.page.waitForResponse(
        (r) => r.request().method() === 'POST' && /\/language$/.test(r.url()),
      ),
      this.page.locator('select.lang-switch__select').selectOption(language),
    ])
    await this.page.waitForLoadState()
    await expect(this.page.locator('html')).toHaveAttribute('lang', language)
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
