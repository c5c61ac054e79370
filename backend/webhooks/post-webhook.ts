import http from 'node:http'
import https from 'node:https'
import type { LookupFunction } from 'node:net'
import { checkedAddress, RefusedTarget } from './address-guard.ts'

/** Seconds a receiver has to answer, connection included. */
export const WEBHOOK_TIMEOUT_MS = 5_000
/** Characters of the receiver's answer kept in the delivery log. */
export const RESPONSE_EXCERPT_CHARS = 500

export type PostOutcome = {
  /** 2xx only: a redirect is not followed and counts as a failure. */
  succeeded: boolean
  statusCode: number | null
  error: string | null
  responseExcerpt: string | null
  durationMs: number
}

/**
 * POSTs a delivery's body to the endpoint: to the address checked by the SSRF guard (the
 * request's own lookup is replaced by it; TLS still verifies the URL's host name), no redirect
 * followed, five seconds in all, the first 500 characters of the answer kept.
 */
export const postWebhook = async (
  url: string,
  body: string,
  headers: Record<string, string>,
  options: { allowPrivate: boolean; timeoutMs?: number },
): Promise<PostOutcome> => {
  const started = performance.now()
  const elapsed = () => Math.round(performance.now() - started)
  const failed = (error: string, statusCode: number | null = null): PostOutcome => ({
    succeeded: false,
    statusCode,
    error,
    responseExcerpt: null,
    durationMs: elapsed(),
  })
  let target: URL
  try {
    target = new URL(url)
  } catch {
    return failed('invalid URL')
  }
  let pinned: Awaited<ReturnType<typeof checkedAddress>>
  try {
    pinned = await checkedAddress(target.hostname, options)
  } catch (error) {
    if (error instanceof RefusedTarget) return failed(error.message)
    throw error
  }
  const pinnedLookup: LookupFunction = (_hostname, lookupOptions, callback) => {
    if (lookupOptions.all)
      (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [
        pinned,
      ])
    else callback(null, pinned.address, pinned.family)
  }
  const client = target.protocol === 'https:' ? https : http
  return new Promise<PostOutcome>((resolve) => {
    let settled = false
    const settle = (outcome: PostOutcome) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      resolve(outcome)
    }
    const request = client.request(
      target,
      {
        method: 'POST',
        // An IP literal skips lookups; a name goes through the pinned one.
        lookup: pinnedLookup,
        agent: false,
        headers: {
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(body)),
          'user-agent': 'RewardFlow-Webhooks/1',
          ...headers,
        },
      },
      (response) => {
        const statusCode = response.statusCode ?? 0
        let excerpt = ''
        response.setEncoding('utf8')
        response.on('data', (chunk: string) => {
          excerpt += chunk
          // Enough read: stop taking the receiver's bytes.
          if (excerpt.length >= RESPONSE_EXCERPT_CHARS) response.destroy()
        })
        const done = () =>
          settle({
            succeeded: statusCode >= 200 && statusCode < 300,
            statusCode,
            error:
              statusCode >= 300 && statusCode < 400
                ? 'redirect not followed'
                : statusCode >= 200 && statusCode < 300
                  ? null
                  : `HTTP ${statusCode}`,
            responseExcerpt: excerpt.slice(0, RESPONSE_EXCERPT_CHARS),
            durationMs: elapsed(),
          })
        response.on('end', done)
        response.on('close', done)
        response.on('error', done)
      },
    )
    const timer = setTimeout(() => {
      request.destroy(new Error('timed out'))
      settle(failed(`timed out after ${options.timeoutMs ?? WEBHOOK_TIMEOUT_MS} ms`))
    }, options.timeoutMs ?? WEBHOOK_TIMEOUT_MS)
    request.on('error', (error) => settle(failed(error.message)))
    request.end(body)
  })
}
