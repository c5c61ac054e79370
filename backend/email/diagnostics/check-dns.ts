import dns from 'node:dns/promises'
import net from 'node:net'
import { elapsedSince, hint, type StepOf } from './diagnostic-step.ts'

const TEMPORARY = new Set(['EAI_AGAIN', 'ESERVFAIL', 'ECONNREFUSED', 'ETIMEOUT'])

const lookupWithin = (host: string, timeoutMs: number) => {
  let timer: NodeJS.Timeout | undefined
  return Promise.race([
    dns.lookup(host, { all: true, verbatim: true }),
    new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(Object.assign(new Error('DNS timeout'), { code: 'DIAG_TIMEOUT' })),
        timeoutMs,
      )
    }),
  ]).finally(() => clearTimeout(timer))
}

/**
 * Step `dns`: the host's addresses (A and AAAA, through the system resolver that the connection
 * itself uses, so /etc/hosts counts). An IP address needs no lookup: skipped.
 */
export const checkDns = async (host: string, timeoutMs: number): Promise<StepOf<'dns'>> => {
  const startedAt = performance.now()
  const family = net.isIP(host)
  if (family === 4 || family === 6) {
    return {
      id: 'dns',
      verdict: 'skipped',
      durationMs: 0,
      details: { host, addresses: [{ address: host, family }] },
      hints: [hint('dns_ip_literal', { host })],
    }
  }
  try {
    const found = await lookupWithin(host, timeoutMs)
    return {
      id: 'dns',
      verdict: 'ok',
      durationMs: elapsedSince(startedAt),
      details: {
        host,
        addresses: found.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 })),
      },
      hints: [],
    }
  } catch (error) {
    const code = String((error as NodeJS.ErrnoException).code ?? 'UNKNOWN')
    const found =
      code === 'ENOTFOUND' || code === 'ENODATA'
        ? hint('dns_not_found', { host })
        : code === 'DIAG_TIMEOUT'
          ? hint('dns_timeout', { host, ms: timeoutMs })
          : TEMPORARY.has(code)
            ? hint('dns_unavailable', { host, code })
            : hint('dns_error', { host, code })
    return {
      id: 'dns',
      verdict: 'failed',
      durationMs: elapsedSince(startedAt),
      details: { host, addresses: [], errorCode: code === 'DIAG_TIMEOUT' ? 'ETIMEOUT' : code },
      hints: [found],
    }
  }
}
