import type { Locator, Page } from '@playwright/test'

/**
 * The merchant's Programme page (/merchant/programme): settings, terms per language, status,
 * rewards. Selectors do not depend on the page language.
 */
export class MerchantProgramme {
  constructor(readonly page: Page) {}

  async open() {
    await this.page.goto('/merchant/programme')
  }

  /** Switches the page language with the layout's language control (auto-submitted). */
  async chooseLanguage(language: 'en' | 'fr' | 'de' | 'lb') {
    await Promise.all([
      this.page.waitForURL(/\/merchant\/programme/),
      this.page.selectOption('#lang', language),
    ])
    await this.page.waitForSelector(`html[lang="${language}"]`)
  }

  /** Fills settings fields by name (`welcome_bonus`, `terms_fr`, …) and saves the programme. */
  async saveSettings(fields: Record<string, string>) {
    for (const [name, value] of Object.entries(fields))
      await this.page.fill(`[name="${name}"]#field-${name}`, value)
    await Promise.all([
      this.page.waitForURL(/done=saved/),
      this.page.locator('section[aria-labelledby="settings-title"] button.button--primary').click(),
    ])
  }

  /** Adds a reward with names per language and a cost. */
  async addReward(names: Record<string, string>, cost: number) {
    const form = this.page.locator('section[aria-labelledby="new-reward-title"] form')
    for (const [language, name] of Object.entries(names))
      await form.locator(`[name="name_${language}"]`).fill(name)
    await form.locator('[name="cost"]').fill(String(cost))
    await Promise.all([
      this.page.waitForURL(/done=reward_saved/),
      form.locator('button.button--primary').click(),
    ])
  }

  rewards(): Locator {
    return this.page.locator('li[data-reward]')
  }
}
