// Back to the PIN pad when nobody has touched the kiosk for the configured minutes. The idle time
// comes from the OS (powerMonitor.getSystemIdleTime() in the shell), so a scanner read or a key
// press anywhere counts as activity. No electron import; idle-lock.test.ts checks it.

export type IdleLockOptions = {
  /** Seconds since the last input, as the OS counts them. */
  idleSeconds: () => number
  /** The kiosk settings' idleLockMinutes, read at every check so a change applies at once. */
  idleLockMinutes: () => number
  lock: () => void | Promise<void>
  checkEveryMs?: number
  onError?: (error: unknown) => void
}

export type IdleLock = {
  /** One check; returns true when it locked. */
  check: () => Promise<boolean>
  start: () => void
  stop: () => void
}

export const createIdleLock = (options: IdleLockOptions): IdleLock => {
  const { checkEveryMs = 15_000 } = options
  // Locked for the current idle spell: no second lock until someone has used the kiosk again.
  let lockedThisSpell = false
  let timer: ReturnType<typeof setInterval> | null = null

  const check = async (): Promise<boolean> => {
    const idle = options.idleSeconds()
    const limit = options.idleLockMinutes() * 60
    if (idle < limit) {
      lockedThisSpell = false
      return false
    }
    if (lockedThisSpell) return false
    lockedThisSpell = true
    await options.lock()
    return true
  }

  return {
    check,
    start() {
      if (timer) return
      timer = setInterval(() => {
        check().catch((error: unknown) => options.onError?.(error))
      }, checkEveryMs)
      timer.unref?.()
    },
    stop() {
      if (timer) clearInterval(timer)
      timer = null
    },
  }
}
