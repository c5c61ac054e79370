import type { Locator, Page, ViewportSize } from '@playwright/test'

// The pages are looked at on a desktop and on a phone: a journey runs once, at desktop width, and
// takes its screenshots at both widths at the same points (docs/decisions.md, decision 87).
// Resizing the page re-lays it out as a phone's first load would (the pages' CSS answers the
// width, not the device); a check that only a phone needs runs at the phone's size.

export const DESKTOP: ViewportSize = { width: 1280, height: 900 }
export const PHONE: ViewportSize = { width: 390, height: 844 }

export type ScreenshotOptions = {
  /** The whole page (the default), or only what the window shows. */
  fullPage?: boolean
  /** Scrolled into view at each size before its screenshot (for window-only screenshots). */
  scrollTo?: Locator
}

/** One screenshot at each size, in order, then back to the first size. */
export const screenshotAtSizes = async (
  page: Page,
  shots: { viewport: ViewportSize; path: string; then?: () => Promise<void> }[],
  { fullPage = true, scrollTo }: ScreenshotOptions = {},
) => {
  for (const { viewport, path, then } of shots) {
    const now = page.viewportSize()
    if (now?.width !== viewport.width || now.height !== viewport.height)
      await page.setViewportSize(viewport)
    if (scrollTo) await scrollTo.scrollIntoViewIfNeeded()
    await page.screenshot({ path, fullPage })
    if (then) await then()
  }
  await page.setViewportSize(shots[0]!.viewport)
}

/**
 * The page as it is now at desktop width (1280×900) and at phone width (390×844), then back at
 * desktop width for the journey's next step. `atPhone` runs at phone width after its screenshot:
 * a phone-only check or a phone-only screenshot.
 */
export const screenshotBothWidths = (
  page: Page,
  paths: { desktop: string; phone: string },
  options: ScreenshotOptions & { atPhone?: () => Promise<void> } = {},
) =>
  screenshotAtSizes(
    page,
    [
      { viewport: DESKTOP, path: paths.desktop },
      { viewport: PHONE, path: paths.phone, then: options.atPhone },
    ],
    options,
  )
