import type { Knex } from 'knex'
import type { Middleware } from 'koa'
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'
import type { AppState } from './state.ts'

export type Metrics = {
  registry: Registry
  httpDuration: Histogram<'method' | 'route' | 'status'>
  jobFailures: Counter<'task'>
}

/** An online kiosk syncs every 15 s: after this long without a word it counts as silent. */
export const KIOSK_SILENT_AFTER_MINUTES = 15

/**
 * Prometheus metrics: process defaults, HTTP latency per route, job failures in this process,
 * and what every process reads from PostgreSQL at scrape time (so any web or worker process
 * reports the same figures): the shared job queue, kiosks gone silent, emails of the last hour.
 * deploy/prometheus/alerts.yml alerts on them.
 */
export const createMetrics = (db: Knex): Metrics => {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry })
  const httpDuration = new Histogram({
    name: 'rewardflow_http_request_duration_seconds',
    help: 'HTTP request duration by route pattern and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  })
  const jobFailures = new Counter({
    name: 'rewardflow_job_failures_total',
    help: 'Job attempts that failed in this process, by task',
    labelNames: ['task'],
    registers: [registry],
  })
  new Gauge({
    name: 'rewardflow_jobs',
    help: 'Jobs in the queue by task and state (waiting, running, retrying, dead)',
    labelNames: ['task', 'state'],
    registers: [registry],
    async collect() {
      this.reset()
      const { rows } = await db.raw<{ rows: { task: string; state: string; n: number }[] }>(
        `SELECT task_identifier AS task,
                CASE WHEN attempts >= max_attempts THEN 'dead'
                     WHEN locked_at IS NOT NULL THEN 'running'
                     WHEN attempts > 0 THEN 'retrying'
                     ELSE 'waiting' END AS state,
                count(*)::int AS n
           FROM graphile_worker.jobs GROUP BY 1, 2`,
      )
      for (const row of rows) this.set({ task: row.task, state: row.state }, row.n)
    },
  })
  new Gauge({
    name: 'rewardflow_kiosks_active',
    help: 'Paired kiosks (not revoked)',
    registers: [registry],
    async collect() {
      const { rows } = await db.raw<{ rows: { n: number }[] }>(
        `SELECT count(*)::int AS n FROM kiosks WHERE status = 'active'`,
      )
      this.set(rows[0]?.n ?? 0)
    },
  })
  new Gauge({
    name: 'rewardflow_kiosks_silent',
    help: `Paired kiosks not heard from for ${KIOSK_SILENT_AFTER_MINUTES} minutes (an online kiosk syncs every 15 s)`,
    registers: [registry],
    async collect() {
      const { rows } = await db.raw<{ rows: { n: number }[] }>(
        `SELECT count(*)::int AS n FROM kiosks
          WHERE status = 'active'
            AND (last_seen_at IS NULL OR last_seen_at < now() - make_interval(mins => ?))`,
        [KIOSK_SILENT_AFTER_MINUTES],
      )
      this.set(rows[0]?.n ?? 0)
    },
  })
  new Gauge({
    name: 'rewardflow_outbound_emails_last_hour',
    help: 'Emails queued in the last hour by status (queued, sent, failed: given up on)',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      // The (status, created_at) index answers this without reading old emails.
      const { rows } = await db.raw<{ rows: { status: string; n: number }[] }>(
        `SELECT status, count(*)::int AS n FROM outbound_emails
          WHERE status IN ('queued', 'sent', 'failed') AND created_at > now() - interval '1 hour'
          GROUP BY status`,
      )
      this.reset()
      for (const status of ['queued', 'sent', 'failed']) this.set({ status }, 0)
      for (const row of rows) this.set({ status: row.status }, row.n)
    },
  })
  return { registry, httpDuration, jobFailures }
}

/** Times every request, labelled by the matched route pattern (not the raw path). */
export const measureRequests =
  (metrics: Metrics): Middleware<AppState> =>
  async (ctx, next) => {
    const end = metrics.httpDuration.startTimer({ method: ctx.method })
    try {
      await next()
    } finally {
      const route = (ctx as unknown as { _matchedRoute?: string })._matchedRoute ?? 'unmatched'
      end({ route, status: String(ctx.status) })
    }
  }
