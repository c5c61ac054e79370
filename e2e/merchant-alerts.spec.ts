import { randomUUID } from 'node:crypto'
import { enrollThroughApi } from './support/api.ts'
import { readFileSync } from 'node:fs'
import { e2eDatabase } from './support/database.ts'
import { DESKTOP, screenshotBothWidths } from './support/screenshots.ts'
import { expect, test } from './support/owner-session.ts'

// The merchant's alerts (/merchant/alerts) in French: a correction of 900 points (above the
// default 500) made through the API; the sweep job (alerts:raise, enqueued here instead of
// waiting for its minute) raises it; the owner sees it with the card, acknowledges it and finds
// it among the acknowledged ones with their name. One journey at desktop width; its
// screenshots, at desktop and phone width, go to e2e/.artifacts/screenshots/merchant.

const SHOTS = 'e2e/.artifacts/screenshots/merchant'
const db = e2eDatabase()

/** Enqueues the sweep job and waits until the worker has run it. */
const runSweep = async () => {
  await db.query(`SELECT graphile_worker.add_job('alerts:raise', '{"lagSeconds": 0}'::json)`)
  await expect
    .poll(
      async () =>
        (
          await db.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM graphile_worker.jobs WHERE task_identifier = 'alerts:raise'`,
          )
        )[0]!.n,
      { timeout: 30_000 },
    )
    .toBe(0)
}

const adjustThroughApi = async (number: string, points: number) => {
  const response = await fetch(`${process.env.E2E_BASE_URL}/api/v1/cards/${number}/adjust`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${readFileSync(`${process.env.E2E_DATA_DIR}/demo-api-key.txt`, 'utf8').trim()}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ client_id: randomUUID(), points_delta: points, reason: 'Goodwill' }),
  })
  expect(response.status).toBe(201)
}

test('the alerts: a large correction raised and acknowledged', async ({ page }) => {
  // A first run starts the sweep's cursor if the cron has not yet.
  await runSweep()
  const number = await enrollThroughApi(`alerts-${Date.now()}@example.lu`, 'Alex Alert')
  await adjustThroughApi(number, 900)
  await runSweep()
  const grouped = number.replace(/(\d{4})(?=\d)/g, '$1 ')

  await page.setViewportSize(DESKTOP)
  await page.goto('/merchant')
  await expect(page.locator('.stat', { hasText: 'Alertes ouvertes' })).toBeVisible()
  await page.locator('nav a', { hasText: 'Alertes' }).first().click()
  await expect(page.locator('h1')).toHaveText('Alertes')
  const alert = page.locator('li[data-alert]', { hasText: grouped })
  await expect(alert).toContainText('Correction importante')
  await expect(alert).toContainText('Corrigée de 900 points (au-delà de 500)')
  await screenshotBothWidths(page, {
    desktop: `${SHOTS}/alerts-fr-1280.png`,
    phone: `${SHOTS}/alerts-fr-390.png`,
  })

  await alert.locator('form[action$="/acknowledge"] button').click()
  await expect(page.locator('.alert--success')).toContainText('confirmée')
  await expect(page.locator('li[data-alert]', { hasText: grouped })).toHaveCount(0)
  await page.goto('/merchant/alerts?status=acknowledged')
  const done = page.locator('li[data-alert]', { hasText: grouped })
  await expect(done).toContainText('Confirmée par Demo Owner')
  await screenshotBothWidths(page, {
    desktop: `${SHOTS}/alerts-acknowledged-fr-1280.png`,
    phone: `${SHOTS}/alerts-acknowledged-fr-390.png`,
  })
})
