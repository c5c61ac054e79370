import { createHmac } from 'node:crypto'

/**
 * The `RewardFlow-Signature` header of a delivery, as Stripe signs: `t=<unix seconds>,v1=<hex
 * HMAC-SHA256 of "<t>.<body>" under the endpoint's secret>` (docs/webhooks.md verifies it).
 */
export const signatureHeader = (secret: string, body: string, at: Date): string => {
  const t = Math.floor(at.getTime() / 1000)
  const v1 = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')
  return `t=${t},v1=${v1}`
}
