import { describe, expect, it } from 'vitest'
import { useTestDatabase } from '../test/test-database.ts'
import { createLogger } from '../logger.ts'
import { emailJobKey, queueEmail } from '../email/queue-email.ts'
import { abandonedAttempt } from '../email/send-email.ts'
import { SAMPLE_VARIABLES } from '../email/template-variables.ts'
import { startWorkerLiveness } from './worker-liveness.ts'

const db = useTestDatabase()
const log = createLogger('silent')

const queuePasswordReset = (to: string) =>
  db.knex.transaction((trx) =>
    queueEmail(trx, {
      template: 'password_reset',
      to,
      language: 'en',
      merchantId: null,
      storeId: null,
      variables: SAMPLE_VARIABLES.password_reset,
    }),
  )

/** What graphile-worker and the send attempt leave behind when `process` dies mid-email. */
const claimMidEmail = async (emailId: string, process: string, workerId: string) => {
  await db
    .knex('graphile_worker._private_jobs')
    .where('key', emailJobKey(emailId))
    .update({ locked_at: db.knex.fn.now(), locked_by: workerId })
  await db.knex('outbound_emails').where('id', emailId).update({
    status: 'sending',
    attempts: 1,
    last_attempt_at: db.knex.fn.now(),
    claimed_by: process,
  })
}

const takeable = async (emailId: string) =>
  (await db
    .knex('outbound_emails')
    .where('id', emailId)
    .where((q) => abandonedAttempt(q))
    .first('id')) !== undefined

describe('worker liveness', () => {
  it('gives the jobs of a silent worker process back at once, and lets its email be taken over', async () => {
    const silent = await queuePasswordReset('silent@example.lu')
    const alive = await queuePasswordReset('alive@example.lu')
    await db.knex('job_worker_processes').insert([
      {
        id: 'killed-process',
        host: 'host-a',
        pid: 101,
        worker_ids: ['worker-killed'],
        seen_at: db.knex.raw("now() - interval '5 minutes'"),
      },
      { id: 'busy-process', host: 'host-b', pid: 102, worker_ids: ['worker-busy'] },
    ])
    await claimMidEmail(silent.id, 'killed-process', 'worker-killed')
    await claimMidEmail(alive.id, 'busy-process', 'worker-busy')
    // Just claimed: neither attempt is stale by the clock.
    expect(await takeable(silent.id)).toBe(false)

    const liveness = await startWorkerLiveness({
      db: db.knex,
      log,
      deadAfterSeconds: 30,
      onLeaseLost: () => undefined,
    })
    try {
      const { reaped } = await liveness.beat()
      expect(reaped).toEqual([{ id: 'killed-process', host: 'host-a', pid: 101, jobs: 1 }])
      const lockedBy = await db
        .knex('graphile_worker._private_jobs')
        .orderBy('id')
        .pluck('locked_by')
      expect(lockedBy).toEqual([null, 'worker-busy'])
      expect(await takeable(silent.id)).toBe(true)
      expect(await takeable(alive.id)).toBe(false)
      expect(await db.knex('job_worker_processes').orderBy('pid').pluck('id')).toEqual([
        'busy-process',
        liveness.id,
      ])
      // A second beat finds nobody else to reap.
      expect((await liveness.beat()).reaped).toEqual([])
    } finally {
      await liveness.stop()
    }
    expect(await db.knex('job_worker_processes').pluck('id')).toEqual(['busy-process'])
  })

  it('a stalled process that finds itself declared dead says so once, to stop', async () => {
    let lost = 0
    const liveness = await startWorkerLiveness({
      db: db.knex,
      log,
      deadAfterSeconds: 30,
      onLeaseLost: () => lost++,
    })
    try {
      liveness.addWorkerId('worker-stalled')
      await liveness.beat()
      expect(
        await db.knex('job_worker_processes').where('id', liveness.id).first('worker_ids'),
      ).toEqual({ worker_ids: ['worker-stalled'] })
      // Another worker reaped it while it was stalled.
      await db.knex('job_worker_processes').where('id', liveness.id).delete()
      await liveness.beat()
      await liveness.beat()
      expect(lost).toBe(1)
    } finally {
      await liveness.stop()
    }
  })
})
