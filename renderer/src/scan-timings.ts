// How long a scan takes to show its card, for `npm run bench:kiosk` only. The bench builds the
// renderer with this flag on (electron/webhost/renderer-build.ts, `scanTimings`); every other
// build (npm run build:kiosk, the web host, the e2e journeys) defines it false, and the
// bundler drops the code below: the shipped renderer has no timing hook.
declare const __KIOSK_SCAN_TIMINGS__: boolean

declare global {
  interface Window {
    /** Scan-to-card-screen times (ms), read by `npm run bench:kiosk`. */
    __kioskTimings?: number[]
  }
}

/** Records how long since `started` (performance.now()) once the card screen is painted. */
export const recordScanToCard = (started: number) => {
  if (typeof __KIOSK_SCAN_TIMINGS__ === 'undefined' || !__KIOSK_SCAN_TIMINGS__) return
  requestAnimationFrame(() =>
    setTimeout(() => (window.__kioskTimings ??= []).push(performance.now() - started)),
  )
}
