import { randomUUID } from 'node:crypto'
import type { Knex } from 'knex'
import { systemActor, type Actor } from '../auth/actor.ts'
import { createApiKey } from '../api-keys/api-keys.ts'
import { enrollCustomer } from '../loyalty/commands/enroll-customer.ts'
import type { ProgrammeRow } from '../loyalty/models.ts'

let counter = 0
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}`.toUpperCase()

export type BuiltMerchant = {
  merchantId: string
  platformId: string
  storeCodes: [string, string]
  storeIds: [string, string]
  programmeId: string
  rewardIds: string[]
  actor: Actor
}

/**
 * A merchant with two stores, a live programme and three rewards (costs 100/250/500 for
 * points, 5/10/20 for stamps). Programme settings can be overridden per test.
 */
export const buildMerchant = async (
  knex: Knex,
  options: { type?: 'points' | 'stamps'; programme?: Partial<ProgrammeRow> } = {},
): Promise<BuiltMerchant> => {
  const type = options.type ?? 'points'
  const tag = unique()
  const [platform] = await knex('platforms')
    .insert({ code: `p${tag}`.toLowerCase(), name: 'RewardFlow', base_domain: 'rewardflow.test' })
    .onConflict('code')
    .merge()
    .returning('id')
  const [merchant] = await knex('merchants')
    .insert({ platform_id: platform.id, slug: `m-${tag}`.toLowerCase(), name: `Merchant ${tag}` })
    .returning('id')
  const storeCodes: [string, string] = [`HUB${tag}`, `OUTLET${tag}`]
  const stores = await knex('stores')
    .insert(
      storeCodes.map((code) => ({
        merchant_id: merchant.id,
        code,
        name: code,
        description: { en: `Store ${code}`, fr: `Magasin ${code}` },
      })),
    )
    .returning(['id', 'code'])
  const [programme] = await knex('programmes')
    .insert({
      merchant_id: merchant.id,
      type,
      name: { en: 'Programme' },
      terms: { en: 'Terms' },
      points_per_currency_unit: 1,
      stamps_required: type === 'stamps' ? 10 : null,
      welcome_bonus: 0,
      cooldown_minutes: 0,
      status: 'active',
      ...options.programme,
    })
    .returning('id')
  const costs = type === 'points' ? [100, 250, 500] : [5, 10, 20]
  const rewards = await knex('rewards')
    .insert(
      costs.map((cost, i) => ({
        merchant_id: merchant.id,
        programme_id: programme.id,
        name: { en: `Reward ${cost}` },
        cost,
        position: i,
      })),
    )
    .returning('id')
  return {
    merchantId: merchant.id,
    platformId: platform.id,
    storeCodes,
    storeIds: [stores[0].id, stores[1].id],
    programmeId: programme.id,
    rewardIds: rewards.map((r: { id: string }) => r.id),
    actor: systemActor(merchant.id, 'test'),
  }
}

/** Enrolls a new customer at the merchant's first store; returns the card number. */
export const buildCard = async (
  knex: Knex,
  merchant: BuiltMerchant,
  overrides: { email?: string; phone?: string; birthday?: string } = {},
): Promise<{ number: string; cardId: string; customerId: string }> => {
  const enrollment = await enrollCustomer(knex, {
    merchantId: merchant.merchantId,
    storeCode: merchant.storeCodes[0],
    clientId: randomUUID(),
    email: overrides.email ?? `customer-${unique().toLowerCase()}@example.test`,
    name: 'Test Customer',
    phone: overrides.phone,
    birthday: overrides.birthday,
    actor: merchant.actor,
  })
  return {
    number: enrollment.card.number,
    cardId: enrollment.card.id,
    customerId: enrollment.customer.id,
  }
}

/** A new API key of a built merchant: its token, as an integration would hold it. */
export const apiKeyOf = async (knex: Knex, merchant: BuiltMerchant, name = 'test') =>
  (await createApiKey(knex, { merchantId: merchant.merchantId, name, actor: merchant.actor })).token
