import type { IncomingHttpHeaders } from 'node:http'

/** The host a browser addressed, as far as this process may believe it. */
export type RequestHost = {
  proto: 'http' | 'https'
  /** Lowercase, without port or trailing dot: what sites are looked up by. */
  hostname: string
  /** `hostname[:port]`, the default port of the scheme left out. */
  host: string
  /** `proto://host`, the base of absolute URLs. */
  origin: string
}

export type HostInput = { headers: IncomingHttpHeaders; encrypted: boolean }

const HOST = /^(\[[0-9a-f:.]+\]|[a-z0-9-]+(?:\.[a-z0-9-]+)*)\.?(?::(\d{1,5}))?$/

// Proxies append to X-Forwarded-*; like Koa, the first value is the one the client addressed.
const firstValue = (value: string | string[] | undefined) =>
  (Array.isArray(value) ? value[0] : value)?.split(',')[0]?.trim() ?? ''

/**
 * Reads the request's scheme and host: the Host header and the socket, or X-Forwarded-Host and
 * X-Forwarded-Proto when `trustProxy` (a proxy in front overwrites them; without one, any client
 * could claim any host). Null when the host is missing or malformed.
 */
export const readRequestHost = (input: HostInput, trustProxy: boolean): RequestHost | null => {
  const forwardedHost = trustProxy ? firstValue(input.headers['x-forwarded-host']) : ''
  const forwardedProto = trustProxy
    ? firstValue(input.headers['x-forwarded-proto']).toLowerCase()
    : ''
  const proto =
    forwardedProto === 'https' || forwardedProto === 'http'
      ? forwardedProto
      : input.encrypted
        ? 'https'
        : 'http'
  const match = HOST.exec((forwardedHost || firstValue(input.headers.host)).toLowerCase())
  if (!match) return null
  const hostname = match[1]!
  const port = match[2] === undefined ? undefined : Number(match[2])
  if (port !== undefined && (port < 1 || port > 65535)) return null
  const defaultPort = proto === 'https' ? 443 : 80
  const host = port === undefined || port === defaultPort ? hostname : `${hostname}:${port}`
  return { proto, hostname, host, origin: `${proto}://${host}` }
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]'])

export const isLoopback = (hostname: string) => LOOPBACK.has(hostname)
