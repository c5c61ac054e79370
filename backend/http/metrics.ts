import type { Knex } from 'knex'
import type { Middleware } from 'koa'
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'
import type { AppState } from './state.ts'

export type Metrics = {
  registry: Registry
  httpDuration: Histogram<'method' | 'route' | 'status'>
  jobFailures: Counter<'task'>
}

/**
 * Prometheus metrics: process defaults, HTTP latency per route, and the job queue read from
 * PostgreSQL at scrape time (so any web process reports the queue the workers share).
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
