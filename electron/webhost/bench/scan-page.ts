/* eslint-disable no-console -- a benchmark prints its figures */
import { chromium } from '@playwright/test'
import type { KioskCore } from '../../core/kiosk-core.ts'
import { startKioskWebHost } from '../web-host.ts'

// bench:kiosk's method, for every bench that times scans (bench:kiosk, bench:scale's kiosk):
// the kiosk web host on the core, a renderer built with the timing hook, real Chromium; a
// keyboard-wedge burst (the digits and Enter) timed in the page from the Enter key to the
// frame after the card screen rendered (`window.__kioskTimings`), then "Done". The burst is
// dispatched in the page (see scanMany), so a loaded machine cannot split it.

export type ScanFigures = { scans: number; p50_ms: number; p95_ms: number; max_ms: number }

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
}
const round = (n: number) => Math.round(n * 10) / 10

/** Chromium on the kiosk web host of `core` (signed in), serving the timed renderer. */
export const openScanPage = async (core: KioskCore, timedRenderer: string) => {
  const host = await startKioskWebHost({ core, staticDir: timedRenderer })
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  })
  // The measuring waits poll in the page with eval, which the kiosk's CSP forbids.
  const page = await browser.newPage({ viewport: { width: 1024, height: 768 }, bypassCSP: true })
  await page.goto(host.url)
  await page.getByTestId('staff').waitFor()

  /** `count` scans of the numbers `next` gives, timed; a scan that shows no card throws. */
  const scanMany = async (
    label: string,
    count: number,
    next: (i: number) => Promise<string>,
  ): Promise<ScanFigures> => {
    await page.evaluate('window.__kioskTimings = []')
    for (let i = 0; i < count; i++) {
      const number = await next(i)
      // The burst is typed by the page's own script, all keys in one task, as a scanner types
      // them (a few ms apart at most): one CDP round trip per key (page.keyboard.press) took
      // longer than the wedge detector's 35 ms gap on a loaded machine, so the digits reached
      // the page as a person's typing and no scan happened. The timing starts at the Enter key
      // either way.
      await page.evaluate(
        `for (const key of ${JSON.stringify([...number, 'Enter'])})
           window.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }))`,
      )
      await page
        .waitForFunction(`(window.__kioskTimings || []).length >= ${i + 1}`, undefined, {
          timeout: 10_000,
        })
        .catch(async (error: unknown) => {
          const banner = await page.locator('.error-banner').allTextContents()
          throw new Error(
            `scan ${i} (${number}) showed no card: ${banner.join(' ') || (error as Error).message}`,
          )
        })
      // Back to the scan prompt, as after serving a customer.
      await page.getByRole('button', { name: 'Done' }).click()
    }
    const timings = (await page.evaluate('window.__kioskTimings || []')) as number[]
    const figures = {
      scans: timings.length,
      p50_ms: round(percentile(timings, 50)),
      p95_ms: round(percentile(timings, 95)),
      max_ms: round(Math.max(...timings)),
    }
    console.log(
      `${label.padEnd(8)} ${figures.scans} scans: p50 ${figures.p50_ms} ms, p95 ${figures.p95_ms} ms, max ${figures.max_ms} ms`,
    )
    return figures
  }

  return {
    page,
    scanMany,
    close: async () => {
      await browser.close()
      await host.close()
    },
  }
}
