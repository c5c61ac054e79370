import { lookup } from 'node:dns/promises'
import { BlockList, isIP } from 'node:net'

/**
 * Addresses a webhook may not reach (SSRF): this host, the private networks, link-local (the
 * cloud metadata service at 169.254.169.254), unique-local, multicast, unspecified and reserved.
 * BlockList matches an IPv4-mapped IPv6 address (::ffff:127.0.0.1) against the IPv4 rules.
 */
const FORBIDDEN = (() => {
  const list = new BlockList()
  for (const [network, prefix] of [
    ['0.0.0.0', 8],
    ['10.0.0.0', 8],
    ['100.64.0.0', 10],
    ['127.0.0.0', 8],
    ['169.254.0.0', 16],
    ['172.16.0.0', 12],
    ['192.0.0.0', 24],
    ['192.168.0.0', 16],
    ['198.18.0.0', 15],
    ['224.0.0.0', 4],
    ['240.0.0.0', 4],
  ] as const)
    list.addSubnet(network, prefix, 'ipv4')
  for (const [network, prefix] of [
    ['::', 128],
    ['::1', 128],
    ['fc00::', 7],
    ['fe80::', 10],
    ['ff00::', 8],
    ['64:ff9b::', 96],
  ] as const)
    list.addSubnet(network, prefix, 'ipv6')
  return list
})()

export const isForbiddenAddress = (address: string): boolean => {
  const family = isIP(address)
  if (family === 0) return true
  return FORBIDDEN.check(address, family === 4 ? 'ipv4' : 'ipv6')
}

/** Why a delivery was not attempted: the host has no address, or one it may not reach. */
export class RefusedTarget extends Error {
  constructor(
    readonly reason: 'unresolved' | 'forbidden_address',
    readonly address?: string,
  ) {
    super(
      reason === 'unresolved'
        ? 'the host has no address'
        : `refused: ${address} is a private, loopback, link-local or reserved address`,
    )
  }
}

export type CheckedAddress = { address: string; family: 4 | 6 }

/**
 * The address a delivery connects to: the URL's IP, or the host's addresses resolved once —
 * every one of them allowed, else refused — and the first taken. The request then connects to
 * this address (no second lookup a rebinding DNS server could answer differently).
 */
export const checkedAddress = async (
  hostname: string,
  options: { allowPrivate: boolean },
): Promise<CheckedAddress> => {
  const host = hostname.replace(/^\[(.*)\]$/, '$1')
  const literal = isIP(host)
  const addresses = literal
    ? [{ address: host, family: literal }]
    : await lookup(host, { all: true, verbatim: true }).catch(() => [])
  if (addresses.length === 0) throw new RefusedTarget('unresolved')
  if (!options.allowPrivate) {
    const forbidden = addresses.find((a) => isForbiddenAddress(a.address))
    if (forbidden) throw new RefusedTarget('forbidden_address', forbidden.address)
  }
  const first = addresses[0]!
  return { address: first.address, family: first.family === 6 ? 6 : 4 }
}
