// When an unlocked kiosk locks itself for want of a touch or a key. The device has its own
// setting (chosen at the counter); the merchant sets the longest any of its kiosks may wait
// (merchants.settings.kiosk.idle_lock_minutes, learnt at sync). The shorter wins: a counter may
// lock sooner than the merchant asks, never later (docs/decisions.md).

/** The minutes after which the kiosk locks: the device's, capped by the merchant's maximum. */
export const kioskIdleLockMinutes = (
  deviceMinutes: number,
  merchantMaxMinutes: number | null,
): number =>
  merchantMaxMinutes === null ? deviceMinutes : Math.min(deviceMinutes, merchantMaxMinutes)
