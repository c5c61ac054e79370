import { SignJWT } from 'jose'
import type { Knex } from 'knex'
import type { Config } from '../../config.ts'
import type { GoogleWalletIssuer } from './google-wallet-settings.ts'
import { signingKeyOf, type ServiceAccount } from './service-account.ts'
import { takeRequestSlot } from './request-slots.ts'

// The Google Wallet REST API with a service account: OAuth 2.0 JWT-bearer grant (RFC 7523) for
// an access token, then JSON over HTTPS. google-auth-library's JWT client hard-codes Google's
// token URL, which the local stand-in and a test cannot answer; the grant is one signed JWT
// (jose) and one form POST, so it is written here against GOOGLE_WALLET_TOKEN_URL.

export const WALLET_SCOPE = 'https://www.googleapis.com/auth/wallet_object.issuer'

export type GoogleWalletEndpoints = Config['googleWallet']

/** An answer Google may give again later (429, 5xx, network): the job backs off and retries. */
export class GoogleWalletRetryableError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message)
    this.name = 'GoogleWalletRetryableError'
  }
}

/** An answer that will not change by retrying (a required field missing, say). */
export class GoogleWalletRefusedError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'GoogleWalletRefusedError'
  }
}

export class GoogleWalletTokenError extends Error {
  constructor(
    message: string,
    readonly kind: 'refused' | 'unreachable',
  ) {
    super(message)
    this.name = 'GoogleWalletTokenError'
  }
}

const tokens = new Map<string, { token: string; expiresAt: number }>()

/** An access token for the service account (cached in this process until a minute before expiry). */
export const accessToken = async (
  endpoints: Pick<GoogleWalletEndpoints, 'tokenUrl'>,
  account: ServiceAccount,
  options: { fresh?: boolean } = {},
): Promise<string> => {
  const cacheKey = `${endpoints.tokenUrl}|${account.clientEmail}|${account.privateKeyId ?? ''}`
  const cached = tokens.get(cacheKey)
  if (cached && !options.fresh && cached.expiresAt > Date.now() + 60_000) return cached.token
  const now = Math.floor(Date.now() / 1000)
  const assertion = await new SignJWT({ scope: WALLET_SCOPE })
    .setProtectedHeader({
      alg: 'RS256',
      typ: 'JWT',
      ...(account.privateKeyId ? { kid: account.privateKeyId } : {}),
    })
    .setIssuer(account.clientEmail)
    .setAudience(endpoints.tokenUrl)
    .setIssuedAt(now)
    .setExpirationTime(now + 3600)
    .sign(await signingKeyOf(account))
  let response: Response
  try {
    response = await fetch(endpoints.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
        assertion,
      }),
      signal: AbortSignal.timeout(10_000),
    })
  } catch (error) {
    throw new GoogleWalletTokenError(
      String((error as Error).cause ?? (error as Error).message),
      'unreachable',
    )
  }
  const body = (await response.json().catch(() => ({}))) as {
    access_token?: string
    expires_in?: number
    error?: string
    error_description?: string
  }
  if (!response.ok || !body.access_token) {
    const refusal = `${response.status} ${body.error ?? ''} ${body.error_description ?? ''}`.trim()
    if (response.status >= 500) throw new GoogleWalletTokenError(refusal, 'unreachable')
    throw new GoogleWalletTokenError(refusal, 'refused')
  }
  tokens.set(cacheKey, {
    token: body.access_token,
    expiresAt: Date.now() + (body.expires_in ?? 3600) * 1000,
  })
  return body.access_token
}

export type WalletAnswer = { status: number; body: Record<string, unknown> }

export type WalletApi = {
  db: Knex
  endpoints: GoogleWalletEndpoints
  issuer: GoogleWalletIssuer
}

/**
 * One Wallet API request, after taking the issuer's request slot (PostgreSQL, every process).
 * 429 and 5xx answers and network failures throw GoogleWalletRetryableError; other answers are
 * returned with their status for the caller to decide (404 → insert, 409 → exists).
 */
export const walletRequest = async (
  api: WalletApi,
  method: 'GET' | 'POST' | 'PATCH',
  path: string,
  body?: unknown,
): Promise<WalletAnswer> => {
  const token = await accessToken(api.endpoints, api.issuer.account)
  await takeRequestSlot(api.db, api.issuer.issuerId, api.endpoints.ratePerSecond)
  let response: Response
  try {
    response = await fetch(`${api.endpoints.apiUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(15_000),
    })
  } catch (error) {
    throw new GoogleWalletRetryableError(`${method} ${path}: ${(error as Error).message}`, null)
  }
  const answer = (await response.json().catch(() => ({}))) as Record<string, unknown>
  if (response.status === 401) tokens.clear()
  const reason = JSON.stringify(answer.error ?? answer).slice(0, 300)
  if (response.status === 429 && !reason.includes('QuotaExceededException'))
    throw new GoogleWalletRetryableError(`${method} ${path}: 429 ${reason}`, 429)
  if (response.status >= 500 || response.status === 401)
    throw new GoogleWalletRetryableError(
      `${method} ${path}: ${response.status} ${reason}`,
      response.status,
    )
  return { status: response.status, body: answer }
}

export const isNotificationQuotaRefusal = (answer: WalletAnswer) =>
  answer.status === 429 && JSON.stringify(answer.body).includes('QuotaExceededException')
