import { createHmac, timingSafeEqual } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * A merchant's webhook receiver, as docs/webhooks.md tells integrators to write one: it checks
 * `RewardFlow-Signature` (HMAC-SHA256 of "t.body", 5 minutes of tolerance) and processes each
 * delivery id once. `answer` decides each request's fate: a status, or 'hold' (never answers).
 */
export type WebhookReceiver = {
  url: string
  /** Every request received, verified or not. */
  received: { deliveryId: string; verified: boolean; body: string }[]
  /** Delivery ids processed once each (the receiver's dedupe). */
  processed: string[]
  close: () => Promise<void>
}

export const verifySignature = (secret: string, header: string, body: string): boolean => {
  const parts = Object.fromEntries(header.split(',').map((p) => p.split('=') as [string, string]))
  const t = Number(parts.t)
  if (!parts.v1 || !Number.isInteger(t) || Math.abs(Date.now() / 1000 - t) > 300) return false
  const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')
  return timingSafeEqual(Buffer.from(expected), Buffer.from(parts.v1.padEnd(expected.length)))
}

export const startWebhookReceiver = (
  secret: () => string,
  answer: (index: number) => number | 'hold' = () => 200,
): Promise<WebhookReceiver> =>
  new Promise((resolve) => {
    const received: WebhookReceiver['received'] = []
    const processed = new Set<string>()
    const server = http.createServer((request, response) => {
      let body = ''
      request.setEncoding('utf8')
      request.on('data', (chunk: string) => (body += chunk))
      request.on('end', () => {
        const deliveryId = String(request.headers['rewardflow-delivery'])
        const verified = verifySignature(
          secret(),
          String(request.headers['rewardflow-signature']),
          body,
        )
        const fate = answer(received.length)
        received.push({ deliveryId, verified, body })
        if (fate === 'hold') return
        if (fate >= 200 && fate < 300 && verified) processed.add(deliveryId)
        response.writeHead(fate, { 'content-type': 'text/plain' })
        response.end(fate >= 300 ? `refused ${'x'.repeat(2000)}` : 'ok')
      })
    })
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo
      resolve({
        url: `http://127.0.0.1:${port}/hooks/rewardflow`,
        received,
        get processed() {
          return [...processed]
        },
        // A held request's socket may stay half-open: drop every connection, wait for none.
        close: async () => {
          server.close()
          server.closeAllConnections()
        },
      })
    })
  })
