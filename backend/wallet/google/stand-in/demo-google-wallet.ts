import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import type { Knex } from 'knex'
import type { Config } from '../../../config.ts'
import type { Logger } from '../../../logger.ts'
import { logoPath } from '../../../tenancy/store-logo.ts'
import { discPng } from '../png-size.ts'
import { parseServiceAccount, publicKeyPemOf } from '../service-account.ts'
import { readGoogleWalletSettings, saveGoogleWalletSettings } from '../google-wallet-settings.ts'
import { startGoogleWalletStandIn, type GoogleWalletStandIn } from './stand-in-server.ts'

export const DEMO_ISSUER_ID = '3388000000022950001'
const KEY_FILE = 'google-wallet-demo-service-account.json'

/** A service-account key file as Google Cloud writes one, with a fresh RSA key. */
export const makeServiceAccountJson = (clientEmail: string): string => {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  return JSON.stringify(
    {
      type: 'service_account',
      project_id: clientEmail.split('@')[1]?.split('.')[0] ?? 'demo',
      private_key_id: randomBytes(20).toString('hex'),
      private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      client_email: clientEmail,
      client_id: String(BigInt(`0x${randomBytes(8).toString('hex')}`)),
      token_uri: 'https://oauth2.googleapis.com/token',
    },
    null,
    2,
  )
}

/** The demo's key file, made once in DATA_DIR (like the settings key: never in git). */
const demoKeyFile = (dataDir: string): string => {
  const file = path.join(dataDir, KEY_FILE)
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true })
    writeFileSync(
      file,
      makeServiceAccountJson('rewardflow-demo@rewardflow-demo.iam.gserviceaccount.com'),
      {
        mode: 0o600,
      },
    )
  }
  return readFileSync(file, 'utf8')
}

/**
 * `npm start` without Google: the local Google Wallet stand-in, which knows the demo service
 * account's public key, and — on the demo data, when the admin has configured nothing — the
 * demo issuer saved as the admin would (its key encrypted), with a 660×660 PNG default logo
 * served by RewardFlow itself. Answers the endpoints every process of this one should use.
 */
export const startDemoGoogleWallet = async (
  db: Knex,
  config: Config,
  log: Logger,
): Promise<{ standIn: GoogleWalletStandIn; endpoints: Config['googleWallet'] }> => {
  const json = demoKeyFile(config.dataDir)
  const parsed = parseServiceAccount(json)
  if (!parsed.ok) throw new Error(`${KEY_FILE} is not a service-account key (${parsed.problem})`)
  const standIn = await startGoogleWalletStandIn({
    serviceAccounts: {
      [parsed.account.clientEmail]: publicKeyPemOf(parsed.account.privateKeyPem),
    },
  })
  if (config.seedDemoData && !(await readGoogleWalletSettings(db))) {
    const png = discPng(660, '#3538cd')
    const sha256 = createHash('sha256').update(png).digest('hex')
    await db('store_logos')
      .insert({ sha256, content_type: 'image/png', bytes: png })
      .onConflict('sha256')
      .ignore()
    await saveGoogleWalletSettings(
      db,
      config,
      {
        issuerId: DEMO_ISSUER_ID,
        serviceAccountJson: json,
        allowedOrigins: new URL(config.baseUrl).origin,
        defaultLogoUrl: `${config.baseUrl}${logoPath(sha256, 'image/png')}`,
        version: 0,
      },
      null,
    )
    log.info({ issuer_id: DEMO_ISSUER_ID }, 'demo Google Wallet issuer configured')
  }
  log.info({ url: standIn.url }, 'local Google Wallet stand-in started')
  return {
    standIn,
    endpoints: {
      ...config.googleWallet,
      tokenUrl: standIn.tokenUrl,
      apiUrl: standIn.apiUrl,
      saveUrl: standIn.saveUrl,
    },
  }
}
