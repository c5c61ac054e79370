import { createApiKey } from '../api-keys/api-keys.ts'
import type { Db } from '../db/knex.ts'
import { buildCard, buildMerchant } from '../test/factories.ts'
import type { CpuSample, cpuSampler } from './cpu.ts'
import { runLoad, type LoadOptions } from './load.ts'
import type { Phase } from './report.ts'

// The earning load of bench:ledger, shared with the benchmarks that measure what else costs
// the earn path (bench:analytics: the summary job running alongside).

export type EarnFixture = {
  token: string
  apiKeyId: string
  storeCode: string
  storeId: string
  cards: { number: string; cardId: string }[]
}

/** One merchant whose programme lets every request earn, `cards` cards, one API key. */
export const buildEarnFixture = async (knex: Db, cards: number): Promise<EarnFixture> => {
  const merchant = await buildMerchant(knex, {
    programme: { cooldown_minutes: 0, daily_cap: null, points_per_currency_unit: 1 },
  })
  const built: EarnFixture['cards'] = []
  for (let i = 0; i < cards; i++) built.push(await buildCard(knex, merchant))
  const key = await createApiKey(knex, {
    merchantId: merchant.merchantId,
    name: 'ledger benchmark',
    actor: merchant.actor,
  })
  return {
    token: key.token,
    apiKeyId: key.id,
    storeCode: merchant.storeCodes[0],
    storeId: merchant.storeIds[0],
    cards: built,
  }
}

/** A load phase of `concurrency` workers with CPU shares sampled over its measured window. */
export const measurePhase = async (
  sampler: ReturnType<typeof cpuSampler>,
  concurrency: number,
  options: Omit<LoadOptions, 'onMeasureStart' | 'onMeasureEnd' | 'concurrency'>,
): Promise<Phase> => {
  let from: CpuSample | null = null
  let to: CpuSample | null = null
  const result = await runLoad({
    concurrency,
    ...options,
    onMeasureStart: () => (from = sampler.take()),
    onMeasureEnd: () => (to = sampler.take()),
  })
  const end: CpuSample = to ?? sampler.take()
  const start: CpuSample = from ?? end
  return { result, cpu: sampler.share(start, end) }
}
