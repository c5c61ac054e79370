import type { CpuShare } from './cpu.ts'
import type { PhaseResult } from './load.ts'

// Issue 18 raised the ratio from 0.5 (November) to 0.75.
export const TARGETS = { ratio_min: 0.75, p99_ms_max: 50 } as const

export type Phase = { result: PhaseResult; cpu: CpuShare }

export type Checks = {
  /** Every successful HTTP earn and direct transaction left exactly one earning entry. */
  entries_match_requests: boolean
  /** Each card's cached balance equals the sum of its ledger. */
  balances_match_ledger: boolean
}

const round = (value: number, digits: number) =>
  Number.isFinite(value) ? Math.round(value * 10 ** digits) / 10 ** digits : null

const phaseFigures = ({ result, cpu }: Phase) => ({
  p50_ms: round(result.p50Ms, 2),
  p90_ms: round(result.p90Ms, 2),
  p99_ms: round(result.p99Ms, 2),
  max_ms: round(result.maxMs, 2),
  errors: result.errors,
  cpu_percent_of_one_core: {
    bench: cpu.bench,
    server: cpu.server,
    postgres: cpu.postgres,
    others: cpu.others,
  },
  machine_busy_percent: cpu.machine,
})

/** The final JSON line: figures, targets and an honest verdict. */
export const summary = (input: {
  concurrency: number
  seconds: number
  warmupSeconds: number
  database: string
  serverPoolMax: string
  healthz: Phase
  http: Phase
  direct: Phase
  checks: Checks
}) => {
  const { http, direct, healthz } = input
  const ratio = direct.result.perSecond > 0 ? http.result.perSecond / direct.result.perSecond : 0
  const ratioMet = ratio >= TARGETS.ratio_min
  const p99Met = Number.isFinite(http.result.p99Ms) && http.result.p99Ms < TARGETS.p99_ms_max
  const clean =
    http.result.errors === 0 &&
    direct.result.errors === 0 &&
    http.result.completed > 0 &&
    direct.result.completed > 0 &&
    input.checks.entries_match_requests &&
    input.checks.balances_match_ledger
  return {
    benchmark: 'ledger',
    http: {
      rps: round(http.result.perSecond, 1),
      requests: http.result.completed,
      ...phaseFigures(http),
    },
    direct: {
      tps: round(direct.result.perSecond, 1),
      transactions: direct.result.completed,
      ...phaseFigures(direct),
    },
    ratio: round(ratio, 3),
    healthz_baseline: {
      rps: round(healthz.result.perSecond, 1),
      requests: healthz.result.completed,
      ...phaseFigures(healthz),
    },
    concurrency: input.concurrency,
    seconds: input.seconds,
    warmup_seconds: input.warmupSeconds,
    database: input.database,
    server: { log_level: 'warn', node_env: 'production', db_pool_max: input.serverPoolMax },
    checks: input.checks,
    targets: TARGETS,
    /** Which parts of the target held: ratio, p99, and no errors with consistent data. */
    verdict: { ratio: ratioMet, p99: p99Met, clean },
    target_met: ratioMet && p99Met && clean,
  }
}

export type Summary = ReturnType<typeof summary>

const pad = (value: string, width: number) => value.padStart(width)
const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(1) : '-')
const pct = (value: number | null) => (value === null ? '-' : value.toFixed(0))

/** The human-readable table printed before the JSON line. */
export const table = (rows: [string, Phase][]) => {
  const header = [
    'phase'.padEnd(24),
    pad('ops/s', 9),
    pad('p50 ms', 8),
    pad('p90 ms', 8),
    pad('p99 ms', 8),
    pad('max ms', 8),
    pad('errors', 7),
    '   cpu % of one core: bench/server/pg/others',
  ].join('')
  const lines = rows.map(([name, { result, cpu }]) =>
    [
      name.padEnd(24),
      pad(result.perSecond.toFixed(1), 9),
      pad(ms(result.p50Ms), 8),
      pad(ms(result.p90Ms), 8),
      pad(ms(result.p99Ms), 8),
      pad(ms(result.maxMs), 8),
      pad(String(result.errors), 7),
      `   ${[cpu.bench, cpu.server, cpu.postgres, cpu.others].map(pct).join(' / ')}`,
    ].join(''),
  )
  return [header, ...lines].join('\n')
}
