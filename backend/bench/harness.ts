// What every backend benchmark script needs around its measurement: numeric settings from the
// environment, cleanup steps (scratch databases, servers, pools) that run in reverse order
// at the end or on Ctrl+C, and rounding for the figures it prints.

/** A positive number from env `name`, or `fallback` when unset; throws on anything else. */
export const positiveEnv = (name: string, fallback: number): number => {
  const raw = process.env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`)
  return value
}

/** `value` rounded to `digits` decimals. */
export const round = (value: number, digits: number) =>
  Math.round(value * 10 ** digits) / 10 ** digits

/**
 * A list of cleanup steps and the function that runs them, last added first (each failure
 * printed, none stopping the others). SIGINT and SIGTERM run them and exit with 130.
 */
export const cleanupsOnExit = () => {
  const cleanups: (() => Promise<void>)[] = []
  const cleanUp = async () => {
    for (const fn of cleanups.splice(0).reverse())
      await fn().catch((error: unknown) => console.error('cleanup step failed:', error))
  }
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => {
      console.error(`\n${signal}: stopping the benchmark and cleaning up`)
      void cleanUp().finally(() => process.exit(130))
    })
  return { cleanups, cleanUp }
}
