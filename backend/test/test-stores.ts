import type { Knex } from 'knex'
import { buildMerchant, type BuiltMerchant } from './factories.ts'
import type { SiteRequest } from '../web/site/resolve-site.ts'

export type StoreOptions = {
  code: string
  subdomain?: string | null
  customDomain?: string | null
  baseDomain?: string
  active?: boolean
  merchantStatus?: 'active' | 'suspended'
}

/**
 * A merchant (see buildMerchant) whose first store has the given code and domains, on a
 * platform with the given base domain (default rewardflow.lu).
 */
export const buildStore = async (
  knex: Knex,
  options: StoreOptions,
): Promise<BuiltMerchant & { storeId: string }> => {
  const merchant = await buildMerchant(knex)
  const storeId = merchant.storeIds[0]
  await knex('platforms')
    .where('id', merchant.platformId)
    .update({ base_domain: options.baseDomain ?? 'rewardflow.lu' })
  await knex('merchants')
    .where('id', merchant.merchantId)
    .update({ status: options.merchantStatus ?? 'active' })
  await knex('stores')
    .where('id', storeId)
    .update({
      code: options.code,
      subdomain: options.subdomain ?? null,
      custom_domain: options.customDomain ?? null,
      active: options.active ?? true,
    })
  return { ...merchant, storeId }
}

/** A request as a browser sends it for `url` (https means a TLS socket). */
export const requestFor = (url: string, headers: Record<string, string> = {}): SiteRequest => {
  const parsed = new URL(url)
  return {
    headers: { host: parsed.host, ...headers },
    encrypted: parsed.protocol === 'https:',
    path: parsed.pathname,
  }
}
