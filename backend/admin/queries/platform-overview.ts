import type { Knex } from 'knex'
import type { Config } from '../../config.ts'
import { canonicalStoreUrls } from '../../web/site/urls.ts'
import { presentAdminMerchant, presentAdminStore, type AdminMerchant } from '../presenters.ts'

export const JOB_STATES = ['waiting', 'running', 'retrying', 'dead'] as const
export type JobState = (typeof JOB_STATES)[number]

export type JobQueueRow = { task: string } & Record<JobState, number>

/** The job queue by task, or null when its tables are not there (never migrated). */
export type JobQueue = JobQueueRow[] | null

export type PlatformOverview = {
  merchants: AdminMerchant[]
  totals: { merchants: number; stores: number; members: number }
  jobs: JobQueue
}

/** The job queue read from graphile-worker's tables (as /metrics does), per task and state. */
export const loadJobQueue = async (db: Knex): Promise<JobQueue> => {
  const exists = await db.raw<{ rows: { present: boolean }[] }>(
    `SELECT to_regclass('graphile_worker.jobs') IS NOT NULL AS present`,
  )
  if (!exists.rows[0]?.present) return null
  const { rows } = await db.raw<{ rows: { task: string; state: JobState; n: number }[] }>(
    `SELECT task_identifier AS task,
            CASE WHEN attempts >= max_attempts THEN 'dead'
                 WHEN locked_at IS NOT NULL THEN 'running'
                 WHEN attempts > 0 THEN 'retrying'
                 ELSE 'waiting' END AS state,
            count(*)::int AS n
       FROM graphile_worker.jobs GROUP BY 1, 2 ORDER BY 1`,
  )
  const byTask = new Map<string, JobQueueRow>()
  for (const row of rows) {
    const entry = byTask.get(row.task) ?? {
      task: row.task,
      waiting: 0,
      running: 0,
      retrying: 0,
      dead: 0,
    }
    entry[row.state] += row.n
    byTask.set(row.task, entry)
  }
  return [...byTask.values()]
}

/** Every merchant with its stores and member counts, and the job queue. */
export const loadPlatformOverview = async (
  db: Knex,
  config: Pick<Config, 'baseUrl' | 'hostRouting'>,
): Promise<PlatformOverview> => {
  const [merchants, stores, merchantMembers, storeMembers, programmes, jobs] = await Promise.all([
    db('merchants as m')
      .join('platforms as p', 'p.id', 'm.platform_id')
      .orderBy('m.name')
      .select('m.id', 'm.name', 'm.slug', 'm.status', 'p.name as platform_name', 'p.base_domain'),
    db('stores')
      .orderBy('name')
      .select('id', 'merchant_id', 'code', 'name', 'active', 'subdomain', 'custom_domain'),
    db('cards').groupBy('merchant_id').select('merchant_id', db.raw('count(*)::int AS n')),
    db('cards')
      .whereNotNull('enrolled_store_id')
      .groupBy('enrolled_store_id')
      .select('enrolled_store_id', db.raw('count(*)::int AS n')),
    db('programmes').whereIn('status', ['active', 'paused']).select('merchant_id', 'type'),
    loadJobQueue(db),
  ])
  const membersOf = new Map<string, number>(merchantMembers.map((r) => [r.merchant_id, r.n]))
  const storeMembersOf = new Map<string, number>(
    storeMembers.map((r) => [r.enrolled_store_id, r.n]),
  )
  const programmeOf = new Map<string, 'points' | 'stamps'>(
    programmes.map((r) => [r.merchant_id, r.type]),
  )
  const list: AdminMerchant[] = merchants.map((merchant) =>
    presentAdminMerchant(
      {
        ...merchant,
        members: membersOf.get(merchant.id) ?? 0,
        programme_type: programmeOf.get(merchant.id) ?? null,
      },
      stores
        .filter((store) => store.merchant_id === merchant.id)
        .map((store) =>
          presentAdminStore(
            { ...store, members: storeMembersOf.get(store.id) ?? 0 },
            canonicalStoreUrls(store, merchant, config).absolute('home'),
          ),
        ),
    ),
  )
  return {
    merchants: list,
    totals: {
      merchants: list.length,
      stores: stores.length,
      members: list.reduce((sum, merchant) => sum + merchant.members, 0),
    },
    jobs,
  }
}
