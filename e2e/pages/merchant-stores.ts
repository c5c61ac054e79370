import type { Page } from '@playwright/test'

/**
 * The merchant's Stores pages (/merchant/stores and a store's form). Selectors do not depend on
 * the page language.
 */
export class MerchantStores {
  constructor(readonly page: Page) {}

  async open() {
    await this.page.goto('/merchant/stores')
  }

  /** Opens the form of the store with this code (e.g. FASHIONOUTLET) from the list. */
  async edit(code: string) {
    await this.open()
    await Promise.all([
      this.page.waitForURL(/\/merchant\/stores\/[0-9a-f-]{36}$/),
      this.page.locator(`tr[data-store="${code}"] a.button`).click(),
    ])
  }

  /** Fills the given fields (by name), chooses a logo file if given, and saves. */
  async save(
    fields: Record<string, string>,
    logo?: { name: string; mimeType: string; buffer: Buffer },
  ) {
    for (const [name, value] of Object.entries(fields))
      await this.page.fill(`#field-${name}`, value)
    if (logo) await this.page.setInputFiles('#field-logo', logo)
    await Promise.all([
      this.page.waitForLoadState('load'),
      this.page.locator('form[enctype="multipart/form-data"] button.button--primary').click(),
    ])
  }
}
