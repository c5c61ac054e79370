import { existsSync } from 'node:fs'
import { defineConfig } from '@playwright/test'

// End-to-end journeys in real Chromium against the real backend (its own embedded PostgreSQL
// with the demo data, started by e2e/support/global-setup.ts). Debian's /usr/bin/chromium is used
// where Playwright's own browser is not installed (it cannot be downloaded here).
const systemChromium = '/usr/bin/chromium'

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'e2e/.artifacts/results',
  globalSetup: './e2e/support/global-setup.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  reporter: [['list']],
  use: {
    baseURL: process.env.E2E_BASE_URL,
    screenshot: 'only-on-failure',
    trace: 'off',
    launchOptions: {
      ...(existsSync(systemChromium) ? { executablePath: systemChromium } : {}),
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
})
