// A closed-loop load generator: N workers, each issuing one operation at a time, first for a
// warm-up (discarded), then for a measured window. Only operations that complete inside the
// window count, for throughput and for latency.

/** What one operation reports: ok, or an error description (kept for the first few). */
export type Outcome = { ok: true } | { ok: false; error: string }

export type PhaseResult = {
  /** Operations completed in the measured window (ok or not). */
  completed: number
  errors: number
  /** Completed operations per second of the measured window. */
  perSecond: number
  p50Ms: number
  p90Ms: number
  p99Ms: number
  maxMs: number
  measuredSeconds: number
  /** The first distinct error descriptions, to tell a broken bench from a slow server. */
  sampleErrors: string[]
}

export type LoadOptions = {
  concurrency: number
  warmupMs: number
  measureMs: number
  /** Called when the measured window opens and closes (CPU samples). */
  onMeasureStart?: () => void
  onMeasureEnd?: () => void
  operation: (worker: number) => Promise<Outcome>
}

const now = () => process.hrtime.bigint()

/** The value below which `q` of the sorted samples lie (nearest rank). */
export const percentile = (sorted: Float64Array, q: number): number => {
  if (sorted.length === 0) return Number.NaN
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))
  return sorted[rank]!
}

/** Runs `operation` from `concurrency` loops and measures the window after the warm-up. */
export const runLoad = async (options: LoadOptions): Promise<PhaseResult> => {
  const { concurrency, warmupMs, measureMs, operation } = options
  const started = now()
  const measureStart = started + BigInt(Math.round(warmupMs * 1e6))
  const measureEnd = measureStart + BigInt(Math.round(measureMs * 1e6))
  let latencies = new Float64Array(65_536)
  let completed = 0
  let errors = 0
  const sampleErrors = new Set<string>()

  const record = (ms: number) => {
    if (completed === latencies.length) {
      const grown = new Float64Array(latencies.length * 2)
      grown.set(latencies)
      latencies = grown
    }
    latencies[completed++] = ms
  }

  const startTimer = setTimeout(() => options.onMeasureStart?.(), warmupMs)
  const endTimer = setTimeout(() => options.onMeasureEnd?.(), warmupMs + measureMs)

  const worker = async (index: number) => {
    while (now() < measureEnd) {
      const t0 = now()
      let outcome: Outcome
      try {
        outcome = await operation(index)
      } catch (error) {
        outcome = { ok: false, error: (error as Error).message }
      }
      const t1 = now()
      if (t1 < measureStart || t1 > measureEnd) continue
      record(Number(t1 - t0) / 1e6)
      if (!outcome.ok) {
        errors++
        if (sampleErrors.size < 5) sampleErrors.add(outcome.error.slice(0, 300))
      }
    }
  }
  try {
    await Promise.all(Array.from({ length: concurrency }, (_, i) => worker(i)))
  } finally {
    clearTimeout(startTimer)
    clearTimeout(endTimer)
  }

  const sorted = latencies.slice(0, completed).sort()
  const measuredSeconds = measureMs / 1000
  return {
    completed,
    errors,
    perSecond: completed / measuredSeconds,
    p50Ms: percentile(sorted, 0.5),
    p90Ms: percentile(sorted, 0.9),
    p99Ms: percentile(sorted, 0.99),
    maxMs: sorted.length ? sorted[sorted.length - 1]! : Number.NaN,
    measuredSeconds,
    sampleErrors: [...sampleErrors],
  }
}
