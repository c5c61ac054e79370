import { beforeAll, describe, expect, it } from 'vitest'
import { DEMO, seedDemoData } from '../seed/demo-seed.ts'
import { useTestDatabase } from '../test/test-database.ts'
import type { PrincipalOf } from '../policies/principal.ts'
import { createMerchantUser } from './commands/create-merchant-user.ts'
import { changeTeamMember, removeTeamMember } from './commands/manage-team.ts'
import { loadAccount } from './queries/load-account.ts'
import { createSession, findSession } from './session-store.ts'

// The team commands against real PostgreSQL: role and stores from the version shown, the last
// owner kept even when two owners demote each other at the same moment, removal that ends the
// user's sessions, and the audit row of each change.

const db = useTestDatabase()
const M = DEMO.fashion.merchantId
const { hubStoreId: HUB, outletStoreId: OUTLET } = DEMO.fashion

beforeAll(() => seedDemoData(db.knex))

let serial = 0
const newUser = async (role: 'owner' | 'manager', storeIds?: string[]) => {
  serial += 1
  const user = await createMerchantUser(db.knex, {
    merchantId: M,
    email: `team-${serial}@commands.test`,
    name: `Team ${serial}`,
    role,
    storeIds,
    password: 'a long test password',
    passwordCost: 10,
  })
  return user.id
}

const ownerPrincipal = (id: string): PrincipalOf<'merchant_user'> => ({
  kind: 'merchant_user',
  id,
  merchantId: M,
  role: 'owner',
  storeIds: null,
})

const versionOf = async (id: string) =>
  (await db.knex('merchant_users').where({ id }).first('version')).version as number

const activeOwners = async () =>
  db.knex('merchant_users').where({ merchant_id: M, role: 'owner', active: true }).pluck('id')

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'done',
    (error: { code?: string }) => error.code ?? String(error),
  )

describe('changing a user’s role and stores', () => {
  it('limits a manager to chosen stores, seen by their next request, with an audit row', async () => {
    const owner = await newUser('owner')
    const manager = await newUser('manager')
    const ref = { audience: 'merchant', id: manager, merchantId: M } as const
    expect((await loadAccount(db.knex, ref))!.storeIds).toBeNull()
    const changed = await changeTeamMember(db.knex, {
      principal: ownerPrincipal(owner),
      memberId: manager,
      version: '1',
      role: 'manager',
      stores: [OUTLET],
    })
    expect(changed.version).toBe(2)
    // The session loader reads role and stores per request: the next one sees the change.
    expect((await loadAccount(db.knex, ref))!.storeIds).toEqual([OUTLET])
    const audit = await db
      .knex('audit_log')
      .where({ action: 'merchant_user.update', subject_id: manager })
      .first('actor_id', 'merchant_id', 'data')
    expect(audit).toEqual({
      actor_id: owner,
      merchant_id: M,
      data: { before: { store_ids: [] }, after: { store_ids: [OUTLET] } },
    })
    // Made an owner: their stores go (an owner runs every store).
    await changeTeamMember(db.knex, {
      principal: ownerPrincipal(owner),
      memberId: manager,
      version: 2,
      role: 'owner',
      stores: [HUB],
    })
    expect(await loadAccount(db.knex, ref)).toMatchObject({ role: 'owner', storeIds: null })
    expect(await db.knex('merchant_user_stores').where('merchant_user_id', manager)).toEqual([])
  })

  it('refuses a change made from a stale version, and bad roles or stores per field', async () => {
    const owner = await newUser('owner')
    const manager = await newUser('manager')
    const change = (version: unknown, role: unknown, stores: unknown) =>
      changeTeamMember(db.knex, {
        principal: ownerPrincipal(owner),
        memberId: manager,
        version,
        role,
        stores,
      })
    await change(1, 'manager', [HUB])
    await expect(change(1, 'owner', [])).rejects.toMatchObject({
      code: 'EDIT_CONFLICT',
      details: { subject: 'merchant_user', id: manager, version: 1, current_version: 2 },
    })
    await expect(change(2, 'admin', ['not-a-store'])).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: {
        fields: [
          { path: 'role', code: 'invalid_value' },
          { path: 'stores', code: 'invalid_value' },
        ],
      },
    })
    // Another merchant's store is not one of these.
    await expect(change(2, 'manager', [DEMO.cafe.storeId])).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    })
    await expect(change('x', 'manager', [])).rejects.toMatchObject({ code: 'VALIDATION_FAILED' })
    expect(await versionOf(manager)).toBe(2)
  })

  it('refuses a change of oneself, of another merchant’s user, and by a manager', async () => {
    const owner = await newUser('owner')
    const manager = await newUser('manager')
    await expect(
      codeOf(
        changeTeamMember(db.knex, {
          principal: ownerPrincipal(owner),
          memberId: owner,
          version: 1,
          role: 'manager',
          stores: [],
        }),
      ),
    ).resolves.toBe('FORBIDDEN')
    const cafeOwner = await createMerchantUser(db.knex, {
      merchantId: DEMO.cafe.merchantId,
      email: 'cafe-owner@commands.test',
      name: 'Cafe Owner',
      role: 'owner',
    })
    await expect(
      codeOf(
        removeTeamMember(db.knex, {
          principal: ownerPrincipal(owner),
          memberId: cafeOwner.id,
          version: 1,
        }),
      ),
    ).resolves.toBe('NOT_FOUND')
    await expect(
      codeOf(
        removeTeamMember(db.knex, {
          principal: { ...ownerPrincipal(manager), role: 'manager' },
          memberId: owner,
          version: 1,
        }),
      ),
    ).resolves.toBe('FORBIDDEN')
  })
})

describe('the last owner', () => {
  it('cannot be demoted or removed by an owner whose own role was taken meanwhile', async () => {
    // A fresh merchant-like situation: make every other owner a manager first.
    const a = await newUser('owner')
    const b = await newUser('owner')
    for (const id of await activeOwners())
      if (id !== a && id !== b)
        await db.knex('merchant_users').where({ id }).update({ role: 'manager' })
    await changeTeamMember(db.knex, {
      principal: ownerPrincipal(a),
      memberId: b,
      version: 1,
      role: 'manager',
      stores: [],
    })
    // B's page still said "owner" (a stale principal): A is the last owner.
    const stale = ownerPrincipal(b)
    await expect(
      codeOf(
        changeTeamMember(db.knex, {
          principal: stale,
          memberId: a,
          version: 1,
          role: 'manager',
          stores: [],
        }),
      ),
    ).resolves.toBe('LAST_OWNER')
    await expect(
      codeOf(removeTeamMember(db.knex, { principal: stale, memberId: a, version: 1 })),
    ).resolves.toBe('LAST_OWNER')
    expect(await activeOwners()).toEqual([a])
    await db.knex('merchant_users').where({ id: b }).update({ active: false })
  })

  it('survives two owners demoting each other at once: one waits for the other, one owner is left', async () => {
    const a = await newUser('owner')
    const b = await newUser('owner')
    for (const id of await activeOwners())
      if (id !== a && id !== b)
        await db.knex('merchant_users').where({ id }).update({ active: false })
    // A's demotion of B holds its transaction open; B's demotion of A must wait for it.
    const first = await db.knex.transaction()
    await changeTeamMember(first, {
      principal: ownerPrincipal(a),
      memberId: b,
      version: 1,
      role: 'manager',
      stores: [],
    })
    let settled = false
    const second = codeOf(
      removeTeamMember(db.knex, { principal: ownerPrincipal(b), memberId: a, version: 1 }),
    ).finally(() => (settled = true))
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(settled).toBe(false)
    await first.commit()
    await expect(second).resolves.toBe('LAST_OWNER')
    expect(await activeOwners()).toEqual([a])

    // And with no one holding a transaction open: both at once, many times, always one owner.
    for (let round = 0; round < 5; round++) {
      const c = await newUser('owner')
      const version = await versionOf(a)
      const answers = await Promise.all([
        codeOf(
          changeTeamMember(db.knex, {
            principal: ownerPrincipal(a),
            memberId: c,
            version: 1,
            role: 'manager',
            stores: [],
          }),
        ),
        codeOf(
          changeTeamMember(db.knex, {
            principal: ownerPrincipal(c),
            memberId: a,
            version,
            role: 'manager',
            stores: [],
          }),
        ),
      ])
      expect(answers.filter((code) => code === 'done')).toHaveLength(1)
      expect(answers.filter((code) => code !== 'done')).toEqual(['LAST_OWNER'])
      const left = await activeOwners()
      expect(left).toHaveLength(1)
      // The survivor carries on as the owner in the next round.
      if (left[0] !== a) {
        await db.knex('merchant_users').where({ id: a }).update({ role: 'owner' })
        await db.knex('merchant_users').where({ id: c }).update({ active: false })
      } else await db.knex('merchant_users').where({ id: c }).update({ active: false })
    }
  })
})

describe('removing a user', () => {
  it('deactivates them, ends every session of theirs at once and spends their invitation', async () => {
    const owner = await newUser('owner')
    const manager = await newUser('manager', [HUB])
    const timeouts = { idleSeconds: 1800, absoluteSeconds: 43200 }
    const account = { audience: 'merchant', id: manager, merchantId: M } as const
    const sessions = [
      await createSession(db.knex, { account, timeouts }),
      await createSession(db.knex, { account, timeouts }),
    ]
    await db.knex('merchant_invitations').insert({
      merchant_id: M,
      merchant_user_id: manager,
      invited_by: owner,
      token_hash: 'x'.repeat(64),
      expires_at: db.knex.raw(`now() + interval '1 day'`),
    })
    await removeTeamMember(db.knex, {
      principal: ownerPrincipal(owner),
      memberId: manager,
      version: 1,
    })
    for (const session of sessions)
      expect(
        await findSession(db.knex, { token: session.token, audience: 'merchant', timeouts }),
      ).toBeNull()
    expect(await loadAccount(db.knex, account)).toBeNull()
    expect(
      await db.knex('merchant_invitations').where('merchant_user_id', manager).whereNull('used_at'),
    ).toEqual([])
    const audit = await db
      .knex('audit_log')
      .where({ action: 'merchant_user.remove', subject_id: manager })
      .first('data')
    expect(audit.data).toEqual({ before: { active: true }, after: { active: false } })
    // A removed user is not changed again (the page lists them without actions).
    await expect(
      codeOf(
        changeTeamMember(db.knex, {
          principal: ownerPrincipal(owner),
          memberId: manager,
          version: 2,
          role: 'owner',
          stores: [],
        }),
      ),
    ).resolves.toBe('NOT_FOUND')
  })
})
