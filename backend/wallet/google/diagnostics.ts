import { createPrivateKey } from 'node:crypto'
import { importSPKI, jwtVerify } from 'jose'
import type { Knex } from 'knex'
import type { Config } from '../../config.ts'
import {
  readGoogleWalletSettings,
  storedServiceAccount,
  type GoogleWalletIssuer,
} from './google-wallet-settings.ts'
import {
  accessToken,
  GoogleWalletTokenError,
  walletRequest,
  type WalletApi,
} from './google-wallet-client.ts'
import { presentLoyaltyClass, presentLoyaltyObject } from './payloads.ts'
import { pngSize } from './png-size.ts'
import { publicKeyPemOf, type ServiceAccount } from './service-account.ts'
import { saveUrlOf, signSaveJwt } from './save-link.ts'
import { loadWalletProgrammes } from './wallet-facts.ts'

/** Google's minimum for a loyalty programme logo. */
export const MIN_LOGO_PIXELS = 660

export type WalletDiagnosticStep = {
  step: 'key' | 'token' | 'issuer' | 'class' | 'logo' | 'save_link'
  /** Values of the step's title (the programme, the logo URL). */
  subject?: Record<string, string>
  status: 'ok' | 'failed' | 'skipped'
  /** A key of `wallet:admin.diagnostics.message`, one per kind of failure. */
  message: string
  values?: Record<string, string | number>
}

const failureText = (error: unknown) => {
  const e = error as Error & { cause?: { code?: string; message?: string } }
  return e.cause?.code ?? e.cause?.message ?? e.message
}

/** Fetches a logo and reads its PNG header: reachable, a PNG, at least 660×660. */
const checkLogo = async (url: string): Promise<WalletDiagnosticStep> => {
  const step = (
    status: 'ok' | 'failed',
    message: string,
    values: Record<string, string | number> = {},
  ) => ({ step: 'logo', subject: { url }, status, message, values }) satisfies WalletDiagnosticStep
  let bytes: Buffer
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(8_000) })
    if (!response.ok)
      return step('failed', 'logo_unreachable', { error: `HTTP ${response.status}` })
    bytes = Buffer.from(await response.arrayBuffer())
  } catch (error) {
    return step('failed', 'logo_unreachable', { error: failureText(error) })
  }
  const size = pngSize(bytes)
  if (!size) return step('failed', 'logo_not_png')
  if (size.width < MIN_LOGO_PIXELS || size.height < MIN_LOGO_PIXELS)
    return step('failed', 'logo_too_small', size)
  return step('ok', 'logo_ok', size)
}

const skipped = (step: WalletDiagnosticStep['step']): WalletDiagnosticStep => ({
  step,
  status: 'skipped',
  message: 'skipped',
})

/**
 * The Google Wallet diagnostics, step by step against the configured endpoints: the key
 * parses, an access token is obtained, the issuer answers, each programme's class exists (and
 * its review status), each logo is reachable and a PNG of at least 660×660, and a sample save
 * link decodes and verifies with the key's public half. A failed step skips those that need it.
 */
export const runGoogleWalletDiagnostics = async (
  db: Knex,
  config: Config,
): Promise<WalletDiagnosticStep[]> => {
  const steps: WalletDiagnosticStep[] = []
  const row = await readGoogleWalletSettings(db)
  let account: ServiceAccount | null = null
  if (!row?.private_key_encrypted)
    steps.push({ step: 'key', status: 'failed', message: 'key_missing' })
  else {
    try {
      account = storedServiceAccount(row, config)
      try {
        if (createPrivateKey(account!.privateKeyPem).asymmetricKeyType !== 'rsa') throw new Error()
        steps.push({
          step: 'key',
          status: 'ok',
          message: 'key_ok',
          values: { email: account!.clientEmail },
        })
      } catch {
        account = null
        steps.push({ step: 'key', status: 'failed', message: 'key_invalid' })
      }
    } catch {
      steps.push({ step: 'key', status: 'failed', message: 'key_unreadable' })
    }
  }
  let tokenOk = false
  if (!account) steps.push(skipped('token'))
  else {
    try {
      await accessToken(config.googleWallet, account, { fresh: true })
      tokenOk = true
      steps.push({ step: 'token', status: 'ok', message: 'token_ok' })
    } catch (error) {
      const refused = error instanceof GoogleWalletTokenError && error.kind === 'refused'
      steps.push({
        step: 'token',
        status: 'failed',
        message: refused ? 'token_refused' : 'token_unreachable',
        values: {
          error: error instanceof GoogleWalletTokenError ? error.message : failureText(error),
        },
      })
    }
  }
  const issuer: GoogleWalletIssuer | null =
    account && row?.issuer_id
      ? {
          issuerId: row.issuer_id,
          account,
          allowedOrigins: row.allowed_origins,
          defaultLogoUrl: row.default_logo_url,
        }
      : null
  const api: WalletApi | null = issuer ? { db, endpoints: config.googleWallet, issuer } : null
  const programmes = await loadWalletProgrammes(db, config, row?.default_logo_url ?? null)
  let issuerOk = false
  if (!row?.issuer_id) steps.push({ step: 'issuer', status: 'failed', message: 'issuer_missing' })
  else if (!tokenOk || !api) steps.push(skipped('issuer'))
  else {
    try {
      const answer = await walletRequest(
        api,
        'GET',
        `/loyaltyClass?issuerId=${encodeURIComponent(row.issuer_id)}`,
      )
      issuerOk = answer.status === 200
      const count = Array.isArray(answer.body.resources) ? answer.body.resources.length : 0
      steps.push(
        issuerOk
          ? {
              step: 'issuer',
              status: 'ok',
              message: 'issuer_ok',
              values: { issuer: row.issuer_id, count },
            }
          : {
              step: 'issuer',
              status: 'failed',
              message: 'issuer_refused',
              values: { issuer: row.issuer_id, status: answer.status },
            },
      )
    } catch (error) {
      steps.push({
        step: 'issuer',
        status: 'failed',
        message: 'issuer_refused',
        values: { issuer: row.issuer_id, status: failureText(error) },
      })
    }
  }
  for (const programme of programmes) {
    const subject = {
      programme:
        programme.name[programme.defaultLanguage] ?? programme.name.en ?? programme.merchantName,
    }
    if (!issuerOk || !api || !issuer) {
      steps.push({ ...skipped('class'), subject })
      continue
    }
    const id = presentLoyaltyClass(issuer.issuerId, programme).id
    const answer = await walletRequest(api, 'GET', `/loyaltyClass/${encodeURIComponent(id)}`).catch(
      () => null,
    )
    steps.push(
      answer?.status === 200
        ? {
            step: 'class',
            subject,
            status: 'ok',
            message: 'class_ok',
            values: { id, status: String(answer.body.reviewStatus ?? '?') },
          }
        : { step: 'class', subject, status: 'failed', message: 'class_missing', values: { id } },
    )
  }
  const logos = [...new Set(programmes.map((p) => p.logoUrl).concat(row?.default_logo_url ?? []))]
  if (logos.filter(Boolean).length === 0)
    steps.push({ step: 'logo', subject: { url: '—' }, status: 'failed', message: 'logo_none' })
  for (const url of logos.filter(Boolean)) steps.push(await checkLogo(url))
  steps.push(await checkSampleSaveLink(issuer, config, programmes[0]))
  return steps
}

/** Signs a save link for a sample card and checks it as Google would: signature, audience, object. */
const checkSampleSaveLink = async (
  issuer: GoogleWalletIssuer | null,
  config: Config,
  programme: Parameters<typeof presentLoyaltyObject>[1] | undefined,
): Promise<WalletDiagnosticStep> => {
  if (!issuer) return skipped('save_link')
  try {
    const sample = presentLoyaltyObject(
      issuer.issuerId,
      programme ?? {
        id: 'sample',
        merchantName: 'RewardFlow',
        type: 'points',
        name: { en: 'Sample' },
        stampsRequired: null,
        rewards: [],
        brandColor: '#1f5f8b',
        logoUrl: issuer.defaultLogoUrl ?? '',
        defaultLanguage: 'en',
      },
      {
        id: 'diagnostics-sample',
        number: '000000000000',
        holder: 'Sample',
        pointsBalance: 0,
        stampsBalance: 0,
        expired: false,
        qrPayload: `${config.baseUrl}/c/000000000000`,
        accountUrl: `${config.baseUrl}/`,
        language: 'en',
      },
    )
    const jwt = await signSaveJwt(issuer, sample, issuer.allowedOrigins)
    const url = saveUrlOf(config.googleWallet.saveUrl, jwt)
    const token = url.slice(url.lastIndexOf('/') + 1)
    const key = await importSPKI(publicKeyPemOf(issuer.account.privateKeyPem), 'RS256')
    const { payload } = await jwtVerify(token, key, {
      audience: 'google',
      issuer: issuer.account.clientEmail,
    })
    const objects = (payload.payload as { loyaltyObjects?: { id?: string }[] } | undefined)
      ?.loyaltyObjects
    if (payload.typ !== 'savetowallet' || objects?.[0]?.id !== sample.id)
      throw new Error('the payload does not carry the object')
    return { step: 'save_link', status: 'ok', message: 'save_ok' }
  } catch (error) {
    return {
      step: 'save_link',
      status: 'failed',
      message: 'save_failed',
      values: { error: failureText(error) },
    }
  }
}
