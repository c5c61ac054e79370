import { randomUUID } from 'node:crypto'
import { cardThroughApi, enrollThroughApi } from './support/api.ts'
import { pairingCode } from './support/kiosk.ts'
import { DESKTOP, screenshotBothWidths } from './support/screenshots.ts'
import { expect, test } from './support/owner-session.ts'

// The review queue (/merchant/review) in French: a kiosk gave a 100-point reward offline to a
// member who has 50; the owner applies it (balance 0, the rest written off), sees it among the
// decided items and in the activity trail, and the kiosks' sync health. One journey at desktop
// width; its screenshots, at desktop and phone width, go to e2e/.artifacts/screenshots/merchant.

const SHOTS = 'e2e/.artifacts/screenshots/merchant'
const REWARD_100 = '4c5d6e7f-8091-4a23-b4c5-d6e7f8091a01'

/** A kiosk of the outlet that redeemed the 100-point reward offline for a new 50-point member. */
const overdrawnOffline = async (tag: string) => {
  const code = await pairingCode('FASHIONOUTLET')
  const base = process.env.E2E_BASE_URL
  const paired = (await (
    await fetch(`${base}/api/v1/kiosk/pair`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code, app_version: '0.1.0-e2e', device_name: `Till ${tag}` }),
    })
  ).json()) as { data: { credential: string } }
  const number = await enrollThroughApi(`review-${tag}-${Date.now()}@example.lu`, 'Rita Review')
  const synced = await fetch(`${base}/api/v1/kiosk/sync`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${paired.data.credential}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({
      cursor: null,
      // A clock 4 minutes fast, and two more operations still waiting since 4 hours ago.
      device_time: new Date(Date.now() + 4 * 60_000).toISOString(),
      app_version: '0.1.0-e2e',
      queue_length: 3,
      oldest_pending_at: new Date(Date.now() - 4 * 3_600_000).toISOString(),
      operations: [
        {
          client_id: randomUUID(),
          type: 'redeem',
          occurred_at: new Date(Date.now() - 2 * 3_600_000).toISOString(),
          decided_offline: true,
          payload: { card_number: number, reward_id: REWARD_100 },
        },
      ],
    }),
  })
  expect(synced.status).toBe(200)
  return number
}

test('the review queue: apply an offline redemption that overdrew', async ({ page }) => {
  const number = await overdrawnOffline(String(Date.now() % 100_000))
  await page.setViewportSize(DESKTOP)
  await page.goto('/merchant/review')
  await expect(page.locator('h1')).toHaveText('Opérations à vérifier')
  const item = page.locator('li[data-review]', {
    hasText: number.replace(/(\d{4})(?=\d)/g, '$1 '),
  })
  await expect(item).toContainText('Points insuffisants')
  await screenshotBothWidths(page, {
    desktop: `${SHOTS}/review-fr-1280.png`,
    phone: `${SHOTS}/review-fr-390.png`,
  })

  await item.locator('form[action$="/apply"] button').click()
  await expect(page.locator('.alert--success')).toContainText('Appliquée')
  expect((await cardThroughApi(number)).points_balance).toBe(0)
  await page.goto('/merchant/review?status=decided')
  // Its own item (the e2e database also holds other journeys' decided items).
  await expect(
    page
      .locator('li[data-review]', { hasText: number.replace(/(\d{4})(?=\d)/g, '$1 ') })
      .locator('[data-write-off]'),
  ).toContainText(
    // What the card lacked: the reward's cost less the balance left (the demo programme's
    // welcome bonus and rewards are changed by other journeys of the run).
    /Passé en perte : [1-9]\d* points/,
  )
  await screenshotBothWidths(page, {
    desktop: `${SHOTS}/review-decided-fr-1280.png`,
    phone: `${SHOTS}/review-decided-fr-390.png`,
  })

  // The decision is in the merchant's activity trail, with who made it.
  await page.goto('/merchant/activity')
  await expect(page.locator('h1')).toHaveText('Activité')
  await expect(page.locator('tr[data-activity="review.apply"]').first()).toContainText('Demo Owner')
  await screenshotBothWidths(page, {
    desktop: `${SHOTS}/activity-fr-1280.png`,
    phone: `${SHOTS}/activity-fr-390.png`,
  })

  // The kiosks' sync health: version, last contact, waiting operations, wrong PINs today.
  await page.goto('/merchant/kiosks')
  await expect(page.locator('[data-oldest-pending]').first()).toHaveText('il y a 4 heures')
  await expect(page.locator('[data-clock-skew]').first()).toContainText('4 min')
  await screenshotBothWidths(page, {
    desktop: `${SHOTS}/kiosks-health-fr-1280.png`,
    phone: `${SHOTS}/kiosks-health-fr-390.png`,
  })
})
