import { promises as dns } from 'node:dns'

/** What the check asks DNS (node:dns by default; a test passes a local answer). */
export type DomainResolver = {
  resolve4: (host: string) => Promise<string[]>
  resolve6: (host: string) => Promise<string[]>
}

export const systemResolver: DomainResolver = {
  resolve4: (host) => dns.resolve4(host),
  resolve6: (host) => dns.resolve6(host),
}

export type DomainCheck = {
  host: string
  /** The addresses the custom domain resolves to now (empty: none, or no such name). */
  addresses: string[]
  /** The platform's addresses (its base domain's). */
  platformAddresses: string[]
  /** Whether every address of the domain is one of the platform's (and it has some). */
  pointsAtPlatform: boolean
}

const lookup = async (resolver: DomainResolver, host: string): Promise<string[]> => {
  const answers = await Promise.allSettled([resolver.resolve4(host), resolver.resolve6(host)])
  return answers.flatMap((a) => (a.status === 'fulfilled' ? a.value : [])).sort()
}

/**
 * What a store's custom domain resolves to now and whether that is the platform (its base
 * domain's addresses): the admin sees at once whether the merchant's DNS is ready.
 */
export const checkDomain = async (
  host: string,
  baseDomain: string,
  resolver: DomainResolver = systemResolver,
): Promise<DomainCheck> => {
  const [addresses, platformAddresses] = await Promise.all([
    lookup(resolver, host),
    lookup(resolver, baseDomain),
  ])
  const pointsAtPlatform =
    addresses.length > 0 && addresses.every((address) => platformAddresses.includes(address))
  return { host, addresses, platformAddresses, pointsAtPlatform }
}
