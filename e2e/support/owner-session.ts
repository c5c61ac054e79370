import { test as base, type BrowserContext } from '@playwright/test'
import { MerchantKiosks } from '../pages/merchant-kiosks.ts'

// Most merchant journeys start as the demo owner. Signing in through the form cost 2–4.5 s a
// journey on this loaded 2-core machine (the login page, bcrypt, the dashboard); the owner now signs
// in through the form once per worker, and each journey's page starts with that session's
// cookie (Playwright's "one account per worker"). The sign-in form itself stays covered here,
// by the merchant set-up journey and by the kiosk journeys, which sign in as people do.

type StorageState = Awaited<ReturnType<BrowserContext['storageState']>>

export const DEMO_OWNER = { email: 'owner@fashion-group.lu', password: 'demo-owner-2026' }

/** Playwright's `test`, its `page` already signed in as the demo owner (lands wherever it goes). */
export const test = base.extend<object, { ownerSession: StorageState }>({
  ownerSession: [
    async ({ browser }, use) => {
      const context = await browser.newContext({ baseURL: process.env.E2E_BASE_URL })
      await new MerchantKiosks(await context.newPage()).logIn(DEMO_OWNER.email, DEMO_OWNER.password)
      const state = await context.storageState()
      await context.close()
      await use(state)
    },
    { scope: 'worker' },
  ],
  storageState: async ({ ownerSession }, use) => use(ownerSession),
})

export { expect } from '@playwright/test'
