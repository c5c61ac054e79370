import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { useTestDatabase } from '../test/test-database.ts'
import { buildCard, buildMerchant } from '../test/factories.ts'
import { activateProgramme, pauseProgramme } from './commands/set-programme-status.ts'
import { updateProgramme } from './commands/update-programme.ts'
import { createReward } from './commands/create-reward.ts'
import { updateReward } from './commands/update-reward.ts'
import { deleteReward } from './commands/delete-reward.ts'
import { moveReward } from './commands/move-reward.ts'
import { earnPoints } from './commands/earn-points.ts'
import { redeemReward } from './commands/redeem-reward.ts'
import { listMerchantRewards, loadMerchantProgramme } from './programme-queries.ts'

const db = useTestDatabase()

const codeOf = async (promise: Promise<unknown>) => {
  try {
    await promise
    return 'OK'
  } catch (error) {
    return (error as { code?: string }).code ?? String(error)
  }
}

const auditRows = (merchantId: string, action: string) =>
  db.knex('audit_log').where({ merchant_id: merchantId, action }).orderBy('id')

describe('programme settings', () => {
  it('saves a change, bumps the version and audits the changed fields before and after', async () => {
    const merchant = await buildMerchant(db.knex, { programme: { welcome_bonus: 10 } })
    const saved = await updateProgramme(db.knex, {
      actor: merchant.actor,
      merchantId: merchant.merchantId,
      patch: {
        version: 1,
        welcome_bonus: 50,
        terms: { en: 'Terms', fr: 'Conditions' },
        offline_limits: {
          max_offline_minutes_for_redemptions: 60,
          max_offline_redemption_points: 200,
        },
      },
    })
    expect(saved).toMatchObject({ version: 2, welcome_bonus: 50 })
    expect(saved.offline_limits).toEqual({
      max_offline_minutes_for_redemptions: 60,
      max_offline_redemption_points: 200,
    })
    const [audit] = await auditRows(merchant.merchantId, 'programme.update')
    expect(audit.subject_id).toBe(merchant.programmeId)
    expect(audit.data).toEqual({
      before: {
        welcome_bonus: 10,
        terms: { en: 'Terms' },
        offline_limits: {
          max_offline_minutes_for_redemptions: 1440,
          max_offline_redemption_points: 500,
        },
      },
      after: {
        welcome_bonus: 50,
        terms: { en: 'Terms', fr: 'Conditions' },
        offline_limits: {
          max_offline_minutes_for_redemptions: 60,
          max_offline_redemption_points: 200,
        },
      },
    })
  })

  it('refuses a stale version with EDIT_CONFLICT and saves nothing', async () => {
    const merchant = await buildMerchant(db.knex)
    const props = { actor: merchant.actor, merchantId: merchant.merchantId }
    await updateProgramme(db.knex, { ...props, patch: { version: 1, welcome_bonus: 5 } })
    const stale = updateProgramme(db.knex, { ...props, patch: { version: 1, welcome_bonus: 99 } })
    await expect(stale).rejects.toMatchObject({
      code: 'EDIT_CONFLICT',
      details: { subject: 'programme', version: 1, current_version: 2 },
    })
    expect(await loadMerchantProgramme(db.knex, merchant.merchantId)).toMatchObject({
      welcome_bonus: 5,
      version: 2,
    })
    expect(await auditRows(merchant.merchantId, 'programme.update')).toHaveLength(1)
  })

  it('of two edits from the same version, exactly one lands', async () => {
    const merchant = await buildMerchant(db.knex)
    const results = await Promise.all(
      [1, 2, 3].map((bonus) =>
        codeOf(
          updateProgramme(db.knex, {
            actor: merchant.actor,
            merchantId: merchant.merchantId,
            patch: { version: 1, welcome_bonus: bonus },
          }),
        ),
      ),
    )
    expect(results.sort()).toEqual(['EDIT_CONFLICT', 'EDIT_CONFLICT', 'OK'])
  })

  it('refuses a type change once the programme has members', async () => {
    const merchant = await buildMerchant(db.knex, { programme: { status: 'draft' } })
    const props = { actor: merchant.actor, merchantId: merchant.merchantId }
    const changed = await updateProgramme(db.knex, {
      ...props,
      patch: { version: 1, type: 'stamps', stamps_required: 8 },
    })
    expect(changed.type).toBe('stamps')
    await db.knex('programmes').where('id', merchant.programmeId).update({ status: 'active' })
    await buildCard(db.knex, merchant)
    await expect(
      updateProgramme(db.knex, { ...props, patch: { version: 2, type: 'points' } }),
    ).rejects.toMatchObject({ code: 'PROGRAMME_HAS_MEMBERS', details: { members: 1 } })
  })

  it('refuses to leave an active programme without terms in a store language', async () => {
    const merchant = await buildMerchant(db.knex)
    await db.knex('stores').where('id', merchant.storeIds[1]).update({ default_language: 'fr' })
    const props = { actor: merchant.actor, merchantId: merchant.merchantId }
    await expect(
      updateProgramme(db.knex, { ...props, patch: { version: 1, terms: { en: 'Terms' } } }),
    ).rejects.toMatchObject({
      code: 'PROGRAMME_TERMS_REQUIRED',
      details: { languages: ['fr'] },
    })
    const withUrl = await updateProgramme(db.knex, {
      ...props,
      patch: { version: 1, terms: {}, terms_url: 'https://example.test/terms' },
    })
    expect(withUrl).toMatchObject({ terms: {}, missing_terms: [], version: 2 })
  })
})

/** The SQL statements `run` sends, in order. */
const statementsOf = async (run: () => Promise<unknown>) => {
  const sql: string[] = []
  const listener = (query: { sql: string }) => sql.push(query.sql)
  db.knex.on('query', listener)
  try {
    await run()
  } finally {
    db.knex.off('query', listener)
  }
  return sql
}
const readsOf = (sql: string[], table: string) =>
  sql.filter((s) => s.startsWith('select') && new RegExp(`from "${table}"`).test(s)).length

describe('reading the programme once per change', () => {
  it('updates and activates with one read of the programme, its members, limits and languages', async () => {
    const merchant = await buildMerchant(db.knex, { programme: { status: 'draft' } })
    const props = { actor: merchant.actor, merchantId: merchant.merchantId }
    const update = await statementsOf(() =>
      updateProgramme(db.knex, {
        ...props,
        patch: { version: 1, type: 'points', welcome_bonus: 7 },
      }),
    )
    const activate = await statementsOf(() => activateProgramme(db.knex, { ...props, version: 2 }))
    for (const sql of [update, activate]) {
      for (const table of ['programmes', 'cards', 'merchants', 'stores'])
        expect(readsOf(sql, table), `${table} in ${sql.join('; ')}`).toBe(1)
    }
  })
})

describe('programme status', () => {
  it('refuses to activate without terms in every store language, then activates and pauses', async () => {
    const merchant = await buildMerchant(db.knex, {
      programme: { status: 'draft', terms: { en: 'Terms' } },
    })
    await db
      .knex('stores')
      .where('merchant_id', merchant.merchantId)
      .update({ default_language: 'de' })
    const props = { actor: merchant.actor, merchantId: merchant.merchantId }
    await expect(activateProgramme(db.knex, { ...props, version: 1 })).rejects.toMatchObject({
      code: 'PROGRAMME_TERMS_REQUIRED',
      details: { languages: ['de'] },
    })
    await updateProgramme(db.knex, {
      ...props,
      patch: { version: 1, terms: { de: 'Bedingungen' } },
    })
    expect(await activateProgramme(db.knex, { ...props, version: 2 })).toMatchObject({
      status: 'active',
      version: 3,
    })
    expect(await pauseProgramme(db.knex, { ...props, version: 3 })).toMatchObject({
      status: 'paused',
    })
    expect(await activateProgramme(db.knex, { ...props, version: 4 })).toMatchObject({
      status: 'active',
    })
    const audits = await auditRows(merchant.merchantId, 'programme.pause')
    expect(audits[0].data).toEqual({ before: { status: 'active' }, after: { status: 'paused' } })
  })
})

describe('rewards', () => {
  it('adds a reward last, edits it and audits both', async () => {
    const merchant = await buildMerchant(db.knex)
    const props = { actor: merchant.actor, merchantId: merchant.merchantId }
    const added = await createReward(db.knex, {
      ...props,
      reward: { name: { en: 'Scarf', fr: 'Écharpe' }, cost: 300 },
    })
    expect(added).toMatchObject({ position: 3, active: true, version: 1, in_use: false })
    const edited = await updateReward(db.knex, {
      ...props,
      rewardId: added.id,
      patch: { version: 1, cost: 350, active: false },
    })
    expect(edited).toMatchObject({ cost: 350, active: false, version: 2 })
    const [audit] = await auditRows(merchant.merchantId, 'reward.update')
    expect(audit.data).toEqual({
      before: { cost: 300, active: true },
      after: { cost: 350, active: false },
    })
    expect((await auditRows(merchant.merchantId, 'reward.create'))[0].data.before).toBeNull()
  })

  it('refuses to delete a reward that appears in the ledger, and deletes an unused one', async () => {
    const merchant = await buildMerchant(db.knex)
    const card = await buildCard(db.knex, merchant)
    const movement = {
      merchantId: merchant.merchantId,
      cardNumber: card.number,
      storeCode: merchant.storeCodes[0],
      actor: merchant.actor,
    }
    await earnPoints(db.knex, { ...movement, clientId: randomUUID(), amountCents: 20_000 })
    await redeemReward(db.knex, {
      ...movement,
      clientId: randomUUID(),
      rewardId: merchant.rewardIds[0]!,
    })
    const props = { actor: merchant.actor, merchantId: merchant.merchantId }
    await expect(
      deleteReward(db.knex, { ...props, rewardId: merchant.rewardIds[0]!, version: 1 }),
    ).rejects.toMatchObject({ code: 'REWARD_IN_USE' })
    await deleteReward(db.knex, { ...props, rewardId: merchant.rewardIds[1]!, version: 1 })
    const rewards = await listMerchantRewards(db.knex, merchant.merchantId)
    expect(rewards.map((reward) => [reward.id, reward.in_use])).toEqual([
      [merchant.rewardIds[0], true],
      [merchant.rewardIds[2], false],
    ])
  })

  it('refuses a stale reward edit, and another merchant’s reward is not found', async () => {
    const merchant = await buildMerchant(db.knex)
    const other = await buildMerchant(db.knex)
    const props = { actor: merchant.actor, merchantId: merchant.merchantId }
    await updateReward(db.knex, {
      ...props,
      rewardId: merchant.rewardIds[0]!,
      patch: { version: 1, cost: 120 },
    })
    expect(
      await codeOf(
        updateReward(db.knex, {
          ...props,
          rewardId: merchant.rewardIds[0]!,
          patch: { version: 1, cost: 130 },
        }),
      ),
    ).toBe('EDIT_CONFLICT')
    expect(
      await codeOf(
        updateReward(db.knex, {
          ...props,
          rewardId: other.rewardIds[0]!,
          patch: { version: 1, cost: 130 },
        }),
      ),
    ).toBe('REWARD_NOT_FOUND')
  })

  it('moves a reward up the catalogue', async () => {
    const merchant = await buildMerchant(db.knex)
    await moveReward(db.knex, {
      actor: merchant.actor,
      merchantId: merchant.merchantId,
      rewardId: merchant.rewardIds[2]!,
      version: 1,
      direction: 'up',
    })
    const rewards = await listMerchantRewards(db.knex, merchant.merchantId)
    expect(rewards.map((reward) => reward.id)).toEqual([
      merchant.rewardIds[0],
      merchant.rewardIds[2],
      merchant.rewardIds[1],
    ])
  })

  it('refuses a stale reorder even at the end of the catalogue, and a stale delete', async () => {
    const merchant = await buildMerchant(db.knex)
    const first = merchant.rewardIds[0]!
    await db.knex('rewards').where('id', first).update({ version: 2 })
    const move = moveReward(db.knex, {
      actor: merchant.actor,
      merchantId: merchant.merchantId,
      rewardId: first,
      version: 1,
      direction: 'up',
    })
    await expect(move).rejects.toMatchObject({ code: 'EDIT_CONFLICT' })
    const remove = deleteReward(db.knex, {
      actor: merchant.actor,
      merchantId: merchant.merchantId,
      rewardId: first,
      version: 1,
    })
    await expect(remove).rejects.toMatchObject({
      code: 'EDIT_CONFLICT',
      details: { current_version: 2 },
    })
    expect(await db.knex('rewards').where('id', first)).toHaveLength(1)
  })
})
