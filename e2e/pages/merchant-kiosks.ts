import type { Locator, Page } from '@playwright/test'

/**
 * The merchant's Kiosks page (/merchant/kiosks): log in, pair a new kiosk (its one-time code is
 * shown once, as XXXX-XXXX) and revoke one. Selectors do not depend on the page language.
 */
export class MerchantKiosks {
  constructor(readonly page: Page) {}

  /** Signs in on the merchant login page; lands on the dashboard. */
  async logIn(email: string, password: string) {
    await this.page.goto('/merchant/login')
    await this.page.fill('#field-email', email)
    await this.page.fill('#field-password', password)
    await Promise.all([
      this.page.waitForURL((url) => url.pathname === '/merchant'),
      this.page.locator('form.card button.button--primary').click(),
    ])
  }

  async open() {
    await this.page.goto('/merchant/kiosks')
  }

  /** Pairs a new kiosk for the store (its code, e.g. FASHIONHUB) and returns the code shown. */
  async pairNewKiosk(storeCode: string, name: string): Promise<string> {
    await this.open()
    await this.page.selectOption('#field-store', storeCode)
    await this.page.fill('#field-name', name)
    await Promise.all([
      this.page.waitForResponse(
        (response) =>
          response.request().method() === 'POST' &&
          new URL(response.url()).pathname === '/merchant/kiosks',
      ),
      this.page.locator('#pair button.button--primary').click(),
    ])
    const code = this.page.locator('#pairing-code')
    await code.waitFor()
    return ((await code.textContent()) ?? '').trim()
  }

  /** The row of the kiosk with this exact name. */
  kioskRow(name: string): Locator {
    return this.page.locator('tr[data-kiosk]', {
      has: this.page.locator('td strong').getByText(name, { exact: true }),
    })
  }

  /** Revokes the kiosk with this exact name, answering the confirmation dialog. */
  async revoke(name: string) {
    await this.open()
    await this.kioskRow(name).locator('button.button--danger').click()
    await Promise.all([
      this.page.waitForURL(/\/merchant\/kiosks\?revoked=1/),
      this.page.locator('dialog.confirm-dialog button[value="ok"]').click(),
    ])
  }
}
