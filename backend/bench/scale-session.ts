import { rebuildAnalytics } from '../analytics/rebuild-summaries.ts'
import bcrypt from 'bcryptjs'
import type { Knex } from 'knex'
import { withCheckDigit } from '../../shared/card-number.ts'
import { createApiKey } from '../api-keys/api-keys.ts'
import { systemActor } from '../auth/actor.ts'
import { round } from './harness.ts'
import { cookiesOf, decode, get } from './http-session.ts'
import { percentile } from './load.ts'
import type { Logger } from '../logger.ts'
import {
  DEFAULT_SCALE,
  FIRST_NAMES,
  LAST_NAMES,
  generateScaleMerchant,
  type ScaleMerchant,
  type ScaleOptions,
} from './scale-data.ts'
import { openMigratedScratch } from './scratch-database.ts'

// What the benchmarks on the generated chain (bench:customers, bench:scale) share: the n-th
// member's details as scale-data.ts makes them, the owner and API key they act with, and
// p50/p99 over sequential requests.

/**
 * A scratch database (DATABASE_URL's server or an embedded one), migrated, holding one generated
 * chain (DEFAULT_SCALE with `options` over it); its cleanups are pushed onto `cleanups`.
 */
export const openScaleChain = async (
  log: Logger,
  cleanups: (() => Promise<void>)[],
  options: Partial<ScaleOptions>,
) => {
  const { database, knex } = await openMigratedScratch(log, cleanups)
  console.log(`  database: ${database.description}`)
  console.log('Generating the chain…')
  const merchant = await generateScaleMerchant(knex, {
    ...DEFAULT_SCALE,
    ...options,
    progress: (line) => console.log(line),
  })
  console.log(
    `  ${merchant.customers.toLocaleString('en')} members, ${merchant.entries.toLocaleString('en')} ledger entries in ${merchant.seconds.toFixed(0)} s`,
  )
  // The analytics summaries of the generated history, as `npm run analytics:rebuild` builds them
  // (the dashboard and /merchant/analytics read them; the job carries on from here).
  const started = performance.now()
  const rebuild = await rebuildAnalytics(knex, { lagSeconds: 0 })
  const analytics = { ...rebuild, totalSeconds: (performance.now() - started) / 1000 }
  console.log(
    `  analytics summaries rebuilt in ${analytics.totalSeconds.toFixed(1)} s (${Object.entries(
      rebuild.seconds,
    )
      .map(([step, took]) => `${step} ${took} s`)
      .join(', ')})`,
  )
  return { database, knex, merchant, analytics }
}

export const SCALE_OWNER = { email: 'owner@scale.example', password: 'bench-owner-password' }

/** The n-th generated member's details, as scale-data.ts makes them. */
export const scaleMember = (g: number) => ({
  number: withCheckDigit(String(10_000_000_000 + g)),
  email: `member${g}@scale.example`,
  phone: `+3526${String(g).padStart(8, '0')}`,
  namePrefix: `${FIRST_NAMES[g % FIRST_NAMES.length]} ${LAST_NAMES[Math.floor(g / FIRST_NAMES.length) % LAST_NAMES.length]!.slice(0, 3)}`,
})

/** A random member other than the heavy one (1), whose depth is measured on its own. */
export const randomScaleMember = (customers: number) =>
  scaleMember(2 + Math.floor(Math.random() * (customers - 1)))

/** An API key of the merchant and its owner (a merchant user who signs in with a password). */
export const addScaleOwnerAndKey = async (knex: Knex, scale: ScaleMerchant) => {
  const { token } = await createApiKey(knex, {
    merchantId: scale.merchantId,
    name: 'bench',
    actor: systemActor(scale.merchantId, 'bench'),
  })
  await knex('merchant_users').insert({
    merchant_id: scale.merchantId,
    email: SCALE_OWNER.email,
    name: 'Scale Owner',
    role: 'owner',
    preferred_language: 'en',
    password_hash: await bcrypt.hash(SCALE_OWNER.password, 10),
    password_set_at: knex.fn.now(),
  })
  return token
}

/** The owner signs in as a browser does (CSRF cookie and field): the session cookie. */
export const signInScaleOwner = async (base: string) => {
  const jar = new Map<string, string>()
  const login = await get(`${base}/merchant/login`, '')
  const cookie = cookiesOf(login, jar)
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await decode(login))?.[1] ?? ''
  const signedIn = await get(
    `${base}/merchant/login`,
    cookie,
    'POST',
    new URLSearchParams({ _csrf: csrf, ...SCALE_OWNER }).toString(),
  )
  if (signedIn.status !== 303) throw new Error(`the owner's sign-in answered ${signedIn.status}`)
  return cookiesOf(signedIn, jar)
}

export type Timing = { p50_ms: number; p99_ms: number; max_ms: number }

/** p50/p99/max of `requests` sequential calls after `warmup`, printed as a line. */
export const timedRequests = async (
  label: string,
  request: () => Promise<void>,
  { requests, warmup }: { requests: number; warmup: number },
): Promise<Timing> => {
  const times: number[] = []
  for (let i = 0; i < warmup + requests; i++) {
    const started = performance.now()
    await request()
    if (i >= warmup) times.push(performance.now() - started)
  }
  const sorted = Float64Array.from(times).sort()
  const figures = {
    p50_ms: round(percentile(sorted, 0.5), 2),
    p99_ms: round(percentile(sorted, 0.99), 2),
    max_ms: round(sorted[sorted.length - 1]!, 2),
  }
  console.log(
    `  ${label.padEnd(34)} p50 ${`${figures.p50_ms} ms`.padStart(9)}   p99 ${`${figures.p99_ms} ms`.padStart(9)}`,
  )
  return figures
}
