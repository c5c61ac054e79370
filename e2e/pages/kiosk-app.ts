import { expect, type Page } from '@playwright/test'
import { INTL_LOCALE } from '../../shared/languages.ts'
import { LanguageSchema } from '../../shared/schemas/common.ts'

/** The cashier UI as a cashier uses it: keyboard, touch buttons, and the scanner. */
export class KioskApp {
  constructor(readonly page: Page) {}

  async open(url: string, backendUrl: string) {
    await this.page.goto(`${url}?backend=${encodeURIComponent(backendUrl)}`)
  }

  async pair(code: string) {
    await this.page.fill('input[name="code"]', code)
    await this.page.locator('form button[type="submit"]').click()
    await expect(this.page.getByTestId('pin-dots')).toBeVisible()
  }

  /** The pairing QR read by a keyboard-wedge scanner on the pairing screen. */
  async scanPairingQr(payload: string) {
    await this.wedgeBurst(payload)
    await expect(this.page.getByTestId('pin-dots')).toBeVisible()
  }

  /** A person at the PIN pad: one key at a time (a burst would be a scanner). */
  async typePin(pin: string) {
    await expect(this.page.getByTestId('pin-dots')).toBeVisible()
    await this.page.keyboard.type(pin, { delay: 80 })
    await this.page.keyboard.press('Enter')
  }

  /** Signs in at the PIN pad (a kiosk stays signed in across page loads until it locks). */
  async unlock(pin: string) {
    const pad = this.page.getByTestId('pin-dots')
    await expect(pad.or(this.page.getByTestId('staff'))).toBeVisible()
    if (await pad.isVisible()) await this.typePin(pin)
    await expect(this.page.getByTestId('staff')).not.toBeEmpty()
  }

  /** A keyboard-wedge scanner: the whole code in a few milliseconds, then Enter. */
  async scan(text: string) {
    await this.wedgeBurst(text)
    await expect(this.page.getByTestId('card-screen')).toBeVisible()
  }

  /**
   * A keyboard-wedge scanner's burst: every key, then Enter, a few ms apart at most. The keys
   * are dispatched inside the page in one go: pressed one by one over CDP they were each a round
   * trip, and on a loaded CI machine one gap grew past the 35 ms a burst allows, so the read
   * looked typed by a person (a flaky pairing screen). Wherever the focus was, the keys reach
   * the page (not a text field), as a scanner's do when nothing is focused.
   */
  private async wedgeBurst(text: string) {
    const keys = JSON.stringify([...text, 'Enter'])
    // A string, not a function: the e2e code is compiled without the DOM's types.
    await this.page.evaluate(`(() => {
      document.activeElement && document.activeElement.blur()
      for (const key of ${keys}) {
        const init = { key, bubbles: true, cancelable: true }
        document.body.dispatchEvent(new KeyboardEvent('keydown', init))
        document.body.dispatchEvent(new KeyboardEvent('keyup', init))
      }
    })()`)
  }

  /** What is typed into the card-number field (or scanned while it has the focus), then Enter. */
  async enterCard(text: string) {
    await this.page.fill('#card-number', text)
    await this.page.keyboard.press('Enter')
    await expect(this.page.getByTestId('card-screen')).toBeVisible()
  }

  /** The balance the card screen shows, as a number. */
  async balance() {
    const text = (await this.page.getByTestId('balance').textContent()) ?? ''
    return Number(text.replace(/[^0-9]/g, ''))
  }

  /** Amount keypad: cents typed as digits (2500 → 25.00), confirmed once all of them showed. */
  async earn(cents: number, button: RegExp, currency = 'EUR') {
    await this.page.getByRole('button', { name: button }).first().click()
    await this.page.keyboard.type(String(cents), { delay: 60 })
    // The amount as the page's own Intl writes it in the UI's language (€60.00, 60,00 €).
    const language = LanguageSchema.parse(await this.page.locator('html').getAttribute('lang'))
    const amount = await this.page.evaluate<string, [string, string, number]>(
      ([locale, code, value]) =>
        new Intl.NumberFormat(locale, { style: 'currency', currency: code }).format(value),
      [INTL_LOCALE[language], currency, cents / 100],
    )
    await expect(this.page.getByTestId('amount')).toHaveText(amount)
    await this.page.keyboard.press('Enter')
  }

  async setLanguage(label: string, save: RegExp) {
    await this.page.locator('.status-bar button').first().click()
    await this.page.getByRole('button', { name: label }).click()
    await this.page.getByRole('button', { name: save }).click()
  }

  shotPath(name: string) {
    return `e2e/.artifacts/screenshots/kiosk/${name}.png`
  }

  shot(name: string) {
    return this.page.screenshot({ path: this.shotPath(name) })
  }
}
