import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { earnThroughApi, enrollThroughApi } from './support/api.ts'
import { e2eDatabase } from './support/database.ts'
import { DESKTOP, screenshotBothWidths } from './support/screenshots.ts'
import { expect, test } from './support/owner-session.ts'

// The merchant's webhooks pages (/merchant/webhooks) in real Chromium: the owner adds an
// endpoint pointing at a receiver started here (its secret shown once), an enrolment and an
// earning through the API are delivered by the server's worker (the receiver's first answer is
// a 500: retried), and the delivery log shows every attempt. One journey at desktop width; its
// screenshots, at desktop and phone width, go to e2e/.artifacts/screenshots/merchant.

let answered = 0
const receiver = http.createServer((request, response) => {
  request.resume()
  request.on('end', () => {
    answered++
    response.writeHead(answered === 1 ? 500 : 200, { 'content-type': 'application/json' })
    response.end(answered === 1 ? '{"error":"database is down"}' : '{"received":true}')
  })
})
let receiverUrl = ''

test.beforeAll(async () => {
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', () => resolve()))
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/rewardflow`
})
test.afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())))

test('the webhooks pages: an endpoint added, deliveries retried and logged', async ({ page }) => {
  test.setTimeout(120_000)
  await page.setViewportSize(DESKTOP)
  await page.goto('/merchant/webhooks')
  await expect(page.locator('h1')).toHaveText('Webhooks')
  const tag = String(Date.now())
  await page.fill('#field-url', `${receiverUrl}?${tag}`)
  await page.check('#new-event-card-enrolled')
  await page.check('#new-event-ledger-entry_created')
  await page.locator('#create button.button--primary').click()
  const secret = (await page.locator('[data-webhook-secret]').textContent())!.trim()
  expect(secret).toMatch(/^whsec_/)
  await screenshotBothWidths(page, {
    desktop: `e2e/.artifacts/screenshots/merchant/webhooks-created-desktop-fr.png`,
    phone: `e2e/.artifacts/screenshots/merchant/webhooks-created-phone-fr.png`,
  })

  const card = await enrollThroughApi(`webhooks-${tag}@example.test`, 'Webhook Test')
  await earnThroughApi(card, 4200)
  const db = e2eDatabase()
  await expect
    .poll(
      async () =>
        (
          await db.query<{ n: string }>(
            `SELECT count(*) AS n FROM webhook_deliveries d JOIN webhook_endpoints w
               ON w.merchant_id = d.merchant_id AND w.id = d.endpoint_id
              WHERE w.url LIKE $1 AND d.status <> 'succeeded'`,
            [`%?${tag}`],
          )
        )[0]!.n,
      { timeout: 60_000 },
    )
    .toBe('0')

  await page.goto('/merchant/webhooks')
  await screenshotBothWidths(page, {
    desktop: `e2e/.artifacts/screenshots/merchant/webhooks-desktop-fr.png`,
    phone: `e2e/.artifacts/screenshots/merchant/webhooks-phone-fr.png`,
  })
  await page
    .locator('tr[data-webhook]', { hasText: `?${tag}` })
    .locator('a.button')
    .click()
  await expect(page.locator('tr[data-delivery]').first()).toBeVisible()
  await expect(page.locator('[data-webhook-secret]')).toHaveCount(0)
  await screenshotBothWidths(page, {
    desktop: `e2e/.artifacts/screenshots/merchant/webhook-log-desktop-fr.png`,
    phone: `e2e/.artifacts/screenshots/merchant/webhook-log-phone-fr.png`,
  })
})
