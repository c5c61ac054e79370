import { readFileSync } from 'node:fs'
import http2 from 'node:http2'
import { importPKCS8, SignJWT } from 'jose'
import type { Config } from '../../config.ts'
import type { AppleSigning } from './signing-settings.ts'

// Empty pushes to the devices holding a pass, through APNs over HTTP/2 (Apple: "Sending a push
// notification … to update a pass"): POST /3/device/<push token>, apns-topic = the pass type
// id, body {}. Authentication: a provider token (ES256 JWT of a .p8 key: APNS_KEY_ID,
// APNS_TEAM_ID, APNS_AUTH_KEY_FILE) when configured, else the Pass Type ID certificate itself
// as the TLS client certificate.

export const APNS_PRODUCTION_URL = 'https://api.push.apple.com'
export const APNS_SANDBOX_URL = 'https://api.sandbox.push.apple.com'

export type PushOutcome = { pushToken: string; status: number; reason: string | null }

type ApnsConfig = Config['apple']

let providerToken: { value: string; madeAt: number; keyId: string } | null = null

/** A provider token, remade every 50 minutes (APNs refuses one older than an hour). */
const bearer = async (apns: ApnsConfig): Promise<string | null> => {
  if (!apns.apnsKeyId || !apns.apnsTeamId || !apns.apnsAuthKeyFile) return null
  if (
    providerToken &&
    providerToken.keyId === apns.apnsKeyId &&
    Date.now() - providerToken.madeAt < 50 * 60_000
  )
    return providerToken.value
  const key = await importPKCS8(readFileSync(apns.apnsAuthKeyFile, 'utf8'), 'ES256')
  const value = await new SignJWT({})
    .setProtectedHeader({ alg: 'ES256', kid: apns.apnsKeyId })
    .setIssuer(apns.apnsTeamId)
    .setIssuedAt()
    .sign(key)
  providerToken = { value, madeAt: Date.now(), keyId: apns.apnsKeyId }
  return value
}

/**
 * Sends an empty push to each token over one HTTP/2 connection; each answer's status and
 * APNs reason (410 Unregistered: the device no longer has the pass).
 */
export const sendEmptyPushes = async (
  apns: ApnsConfig,
  signing: AppleSigning,
  pushTokens: string[],
): Promise<PushOutcome[]> => {
  if (pushTokens.length === 0) return []
  const token = await bearer(apns)
  const session = http2.connect(apns.apnsBaseUrl ?? APNS_PRODUCTION_URL, {
    ...(apns.apnsCa ? { ca: apns.apnsCa } : {}),
    ...(token ? {} : { cert: signing.signerCertificate, key: signing.signerKey }),
  })
  const failed = new Promise<never>((_, reject) => session.once('error', reject))
  try {
    const one = (pushToken: string) =>
      new Promise<PushOutcome>((resolve, reject) => {
        const request = session.request({
          ':method': 'POST',
          ':path': `/3/device/${encodeURIComponent(pushToken)}`,
          'apns-topic': signing.passTypeId,
          'apns-push-type': 'background',
          'content-type': 'application/json',
          ...(token ? { authorization: `bearer ${token}` } : {}),
        })
        let status = 0
        let body = ''
        request.setEncoding('utf8')
        request.on('response', (headers) => (status = Number(headers[':status'])))
        request.on('data', (chunk: string) => (body += chunk))
        request.on('end', () => {
          let reason: string | null = null
          try {
            reason = body ? ((JSON.parse(body) as { reason?: string }).reason ?? null) : null
          } catch {
            reason = body.slice(0, 200)
          }
          resolve({ pushToken, status, reason })
        })
        request.on('error', reject)
        request.setTimeout(10_000, () => request.close(http2.constants.NGHTTP2_CANCEL))
        request.end('{}')
      })
    return await Promise.race([Promise.all(pushTokens.map(one)), failed])
  } finally {
    session.close()
  }
}
