import { e2eDatabase } from './support/database.ts'
import { DESKTOP, screenshotBothWidths } from './support/screenshots.ts'
import { expect, test } from './support/owner-session.ts'

// The merchant's analytics (/merchant/analytics) in French, on the demo data: the job
// (analytics:refresh, enqueued here instead of waiting for its minute) folds the demo ledger;
// the owner sees the figures, each chart an SVG image with its table, and a view's CSV. One
// journey at desktop width; its screenshots, at desktop and phone width (and each view's
// section alone at phone width), go to e2e/.artifacts/screenshots/merchant.

const SHOTS = 'e2e/.artifacts/screenshots/merchant'
const db = e2eDatabase()

const refresh = async () => {
  await db.query(`SELECT graphile_worker.add_job('analytics:refresh', '{"lagSeconds": 0}'::json)`)
  await expect
    .poll(
      async () =>
        (
          await db.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM graphile_worker.jobs WHERE task_identifier = 'analytics:refresh'`,
          )
        )[0]!.n,
      { timeout: 30_000 },
    )
    .toBe(0)
}

test("the analytics: the demo's figures as charts and tables", async ({ page }) => {
  await refresh()
  await page.setViewportSize(DESKTOP)
  await page.goto('/merchant/analytics?from=2026-09-01&to=2026-12-31')
  await expect(page.locator('h1')).toHaveText('Statistiques')
  await expect(page.locator('svg.chart[role="img"]').first()).toBeVisible()
  await expect(page.locator('#analytics-movements-heading')).toHaveText('Points gagnés et utilisés')
  await expect(page.locator('.analytics-tile', { hasText: 'Membres' }).first()).toBeVisible()
  await screenshotBothWidths(
    page,
    { desktop: `${SHOTS}/analytics-fr-1280.png`, phone: `${SHOTS}/analytics-fr-390.png` },
    {
      // Each view's section alone at phone width, where a chart is narrowest.
      atPhone: async () => {
        for (const view of ['movements', 'cohorts', 'stores'])
          await page
            .locator('section', { has: page.locator(`#analytics-${view}-heading`) })
            .screenshot({ path: `${SHOTS}/analytics-${view}-fr-390.png` })
      },
    },
  )
  const csv = await page.request.get(
    '/merchant/analytics/cashiers.csv?from=2026-09-01&to=2026-12-31',
  )
  expect(csv.status()).toBe(200)
  // The exports' writer: a byte order mark first (Excel reads UTF-8), then the header.
  expect((await csv.text()).split('\r\n')[0]).toBe(
    '\uFEFFcashier,earnings,earned,adjustments,adjusted,reversals,reversed',
  )
})
