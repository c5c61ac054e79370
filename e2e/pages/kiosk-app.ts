import { expect, type Page } from '@playwright/test'

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
    await this.page.evaluate('document.activeElement && document.activeElement.blur()')
    for (const key of payload) await this.page.keyboard.press(key)
    await this.page.keyboard.press('Enter')
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
    // Wherever the focus was, the scanner's keys reach the page (not a text field).
    await this.page.evaluate('document.activeElement && document.activeElement.blur()')
    for (const key of text) await this.page.keyboard.press(key)
    await this.page.keyboard.press('Enter')
    await expect(this.page.getByTestId('card-screen')).toBeVisible()
  }

  /** The balance the card screen shows, as a number. */
  async balance() {
    const text = (await this.page.getByTestId('balance').textContent()) ?? ''
    return Number(text.replace(/[^0-9]/g, ''))
  }

  /** Amount keypad: cents typed as digits (2500 → 25.00). */
  async earn(cents: number, button: RegExp) {
    await this.page.getByRole('button', { name: button }).first().click()
    await this.page.keyboard.type(String(cents), { delay: 60 })
    await expect(this.page.getByTestId('amount')).not.toHaveText(/^0/)
    await this.page.keyboard.press('Enter')
  }

  async setLanguage(label: string, save: RegExp) {
    await this.page.locator('.status-bar button').first().click()
    await this.page.getByRole('button', { name: label }).click()
    await this.page.getByRole('button', { name: save }).click()
  }

  shot(name: string) {
    return this.page.screenshot({ path: `e2e/.artifacts/screenshots/kiosk/${name}.png` })
  }
}
