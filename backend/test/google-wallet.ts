import { randomBytes } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Knex } from 'knex'
import { startWorkerChild } from './worker-child.ts'
import { loadConfig, type Config } from '../config.ts'
import { randomCardNumber } from '../../shared/card-number.ts'
import { saveGoogleWalletSettings } from '../wallet/google/google-wallet-settings.ts'
import { parseServiceAccount, publicKeyPemOf } from '../wallet/google/service-account.ts'
import {
  startGoogleWalletStandIn,
  type GoogleWalletStandIn,
} from '../wallet/google/stand-in/stand-in-server.ts'
import { makeServiceAccountJson } from '../wallet/google/stand-in/demo-google-wallet.ts'

export const TEST_ISSUER_ID = '3388000000099000001'

/** The environment of a process that talks to this stand-in with these keys. */
export const walletEnv = (
  databaseUrl: string,
  standIn: GoogleWalletStandIn,
  settingsKey: string,
) => ({
  NODE_ENV: 'test',
  DATABASE_URL: databaseUrl,
  EMAIL_SETTINGS_KEY: settingsKey,
  DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'rf-wallet-')),
  GOOGLE_WALLET_TOKEN_URL: standIn.tokenUrl,
  GOOGLE_WALLET_API_URL: standIn.apiUrl,
  GOOGLE_WALLET_SAVE_URL: standIn.saveUrl,
  GOOGLE_WALLET_STAND_IN: 'false',
  LOG_LEVEL: 'warn',
})

/**
 * A local Google Wallet that knows one fresh service account, that account saved as the
 * platform's issuer (as the admin page would), and the config of a process pointed at both.
 */
export const startWalletFixture = async (
  knex: Knex,
  databaseUrl: string,
): Promise<{
  standIn: GoogleWalletStandIn
  config: Config
  env: Record<string, string>
  serviceAccountJson: string
}> => {
  const serviceAccountJson = makeServiceAccountJson(
    'wallet-test@rewardflow-test.iam.gserviceaccount.com',
  )
  const parsed = parseServiceAccount(serviceAccountJson)
  if (!parsed.ok) throw new Error(parsed.problem)
  const standIn = await startGoogleWalletStandIn({
    serviceAccounts: { [parsed.account.clientEmail]: publicKeyPemOf(parsed.account.privateKeyPem) },
  })
  const env = walletEnv(databaseUrl, standIn, randomBytes(32).toString('base64'))
  const config = loadConfig(env)
  await saveGoogleWalletSettings(
    knex,
    config,
    {
      issuerId: TEST_ISSUER_ID,
      serviceAccountJson,
      allowedOrigins: 'https://fashionhub.rewardflow.test',
      defaultLogoUrl: standIn.logoUrl,
      version: 0,
    },
    null,
  )
  return { standIn, config, env, serviceAccountJson }
}

/**
 * Real worker processes — `backend/main.ts` with PROCESS_ROLES=worker, as production runs them
 * (startWorkerChild) — on the wallet's settings; resolved once all are running.
 */
export const startWorkerProcesses = async (
  count: number,
  env: Record<string, string>,
): Promise<{ stop: () => Promise<void>; output: () => string }> => {
  const workers = await Promise.all(
    Array.from({ length: count }, () =>
      startWorkerChild(env.DATABASE_URL!, {
        SESSION_SECRET: randomBytes(32).toString('base64'),
        WORKER_CONCURRENCY: '8',
        ...env,
        NODE_ENV: 'production',
      }),
    ),
  )
  return {
    output: () => workers.map((worker) => worker.output()).join(''),
    stop: async () => {
      await Promise.all(
        workers.map(
          ({ child }) =>
            new Promise<void>((resolve) => {
              if (child.exitCode !== null) return resolve()
              child.once('exit', () => resolve())
              child.kill('SIGTERM')
            }),
        ),
      )
    },
  }
}

/** Polls `check` until true (a real worker's pace, not a fixed sleep); fails after `ms`. */
export const until = async (check: () => Promise<boolean> | boolean, what: string, ms = 60_000) => {
  const deadline = Date.now() + ms
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

/**
 * `count` members of the merchant whose cards are saved in Google Wallet: customers and cards
 * inserted in bulk (enrolling one by one is the slow part of a test that is about the wallet),
 * their google_wallet_objects rows, and the objects on the stand-in as a phone's save leaves them.
 */
export const insertSavedCards = async (
  knex: Knex,
  merchant: { merchantId: string; programmeId: string; storeIds: [string, string] },
  count: number,
  standIn: GoogleWalletStandIn,
  issuerId = TEST_ISSUER_ID,
): Promise<{ cardId: string; number: string }[]> => {
  const tag = randomBytes(4).toString('hex')
  const customers = await knex('customers')
    .insert(
      Array.from({ length: count }, (_, i) => ({
        merchant_id: merchant.merchantId,
        email: `wallet-${tag}-${i}@example.test`,
        name: `Member ${i}`,
      })),
    )
    .returning<{ id: string }[]>('id')
  const numbers = new Set<string>()
  while (numbers.size < count) numbers.add(randomCardNumber())
  const cards = await knex('cards')
    .insert(
      [...numbers].map((number, i) => ({
        number,
        merchant_id: merchant.merchantId,
        customer_id: customers[i]!.id,
        programme_id: merchant.programmeId,
        enrolled_store_id: merchant.storeIds[0],
      })),
    )
    .returning<{ id: string; number: string }[]>(['id', 'number'])
  const objectId = (cardId: string) => `${issuerId}.card-${cardId}`
  for (let i = 0; i < cards.length; i += 1000)
    await knex('google_wallet_objects').insert(
      cards.slice(i, i + 1000).map((card) => ({
        merchant_id: merchant.merchantId,
        card_id: card.id,
        object_id: objectId(card.id),
      })),
    )
  for (const card of cards)
    standIn.objects.set(objectId(card.id), {
      id: objectId(card.id),
      classId: `${issuerId}.programme-${merchant.programmeId}`,
      state: 'ACTIVE',
    })
  return cards.map((card) => ({ cardId: card.id, number: card.number }))
}

/** Runs `work` over `items`, `width` at a time. */
export const inBatches = async <T>(
  items: T[],
  width: number,
  work: (item: T) => Promise<unknown>,
) => {
  for (let i = 0; i < items.length; i += width)
    await Promise.all(items.slice(i, i + width).map(work))
}
