import type { Knex } from 'knex'

// A merchant at chain scale, generated inside PostgreSQL (generate_series, INSERT … SELECT: no
// row goes through Node): one merchant, its stores, kiosks and cashiers, a points programme with
// rewards, `customers` members each with a card, and about `entriesPerCard` × `customers`
// ledger entries over two years. The ledger holds: every card's balance and lifetime totals are
// its entries' sums and each entry's balance_after is the running sum (a closed form of the
// entry's position: nine earnings of 10 points, then a redemption of 50), so `ledger:check`
// and the ledger's rules see consistent data. One member (`heavyCard`) has `heavyEntries`
// entries, for the history pages at depth.
//
// Ids are generated in order (uuidFor: a prefix and a counter), so the primary keys and the
// card index grow at their right edge; the other secondary indexes of the bulk-loaded tables are
// dropped before the load and built again after it (one sort each, minutes faster than
// 10,000,000 random insertions), whatever indexes the migrations have added by then.

export type ScaleOptions = {
  customers: number
  /** Average entries per card (the heavy card aside). */
  entriesPerCard: number
  stores: number
  kiosksPerStore: number
  heavyEntries: number
  /** Prints progress lines. */
  progress?: (line: string) => void
}

export type ScaleMerchant = {
  merchantId: string
  programmeId: string
  storeIds: string[]
  storeCodes: string[]
  kioskIds: string[]
  rewardIds: string[]
  customers: number
  entries: number
  /** The member with the longest history. */
  heavyCard: { number: string; email: string; entries: number }
  /** A sample of members to look up (spread over the range), with their contact details. */
  sample: { number: string; email: string; phone: string; name: string }[]
  seconds: number
}

export const DEFAULT_SCALE: ScaleOptions = {
  customers: 1_000_000,
  entriesPerCard: 10,
  stores: 50,
  kiosksPerStore: 2,
  heavyEntries: 2_000,
}

/** SQL: the uuid of the n-th row of a kind (`prefix`: 8 hex digits), ordered by n. */
const uuidFor = (prefix: string, n: string) =>
  `('${prefix}-0000-4000-8000-' || lpad(to_hex(${n}), 12, '0'))::uuid`

export const FIRST_NAMES = [
  'Marie',
  'Luc',
  'Anne',
  'Paul',
  'Sophie',
  'Jean',
  'Claire',
  'Marc',
  'Laura',
  'Tom',
  'Emma',
  'Noah',
  'Léa',
  'Ben',
  'Sarah',
  'Max',
  'Julie',
  'Yves',
  'Nora',
  'Pit',
]
export const LAST_NAMES = [
  'Schmit',
  'Muller',
  'Weber',
  'Wagner',
  'Hoffmann',
  'Thill',
  'Kremer',
  'Reuter',
  'Klein',
  'Schiltz',
  'Becker',
  'Kieffer',
  'Meyer',
  'Schroeder',
  'Braun',
  'Hansen',
  'Faber',
  'Welter',
  'Lentz',
  'Majerus',
  'Dupont',
  'Martin',
  'Bernard',
  'Petit',
  'Durand',
  'Leroy',
  'Moreau',
  'Simon',
  'Laurent',
  'Michel',
  'Garcia',
  'Fischer',
  'Schneider',
  'Zimmer',
  'Koch',
  'Bauer',
  'Richter',
  'Wolf',
  'Neumann',
  'Schwarz',
]

const sqlArray = (values: string[]) =>
  `ARRAY[${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(',')}]`

/** Entries of card g: the heavy card has `heavy`, the others 1 … 2·avg−1 (mean avg). */
const entriesOf = (g: string, avg: number, heavy: number) =>
  `(CASE WHEN ${g} = 1 THEN ${heavy} ELSE 1 + ((${g}::bigint * 7919) % ${2 * avg - 1})::int END)`

/** Balance after k entries of the pattern (nine +10, then −50). */
const balanceAfter = (k: string) => `(10 * ${k} - 60 * (${k} / 10))`
const earnedAfter = (k: string) => `(10 * (${k} - ${k} / 10))`

const secondaryIndexes = async (trx: Knex, table: string) => {
  const { rows } = await trx.raw<{ rows: { name: string; def: string }[] }>(
    `SELECT i.indexname AS name, i.indexdef AS def
       FROM pg_indexes i
      WHERE i.schemaname = 'public' AND i.tablename = ?
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
    [table],
  )
  return rows
}

export const generateScaleMerchant = async (
  db: Knex,
  options: ScaleOptions = DEFAULT_SCALE,
): Promise<ScaleMerchant> => {
  const started = Date.now()
  const say = options.progress ?? (() => undefined)
  const step = async <T>(what: string, run: () => Promise<T>): Promise<T> => {
    const t = Date.now()
    const result = await run()
    say(`  ${what}: ${((Date.now() - t) / 1000).toFixed(1)} s`)
    return result
  }
  const n = options.customers
  const avg = options.entriesPerCard
  const heavy = options.heavyEntries

  return db.transaction(async (trx) => {
    // The whole load is one transaction on one connection: the temporary Damm function lives
    // in its session, and a failed load leaves nothing behind.
    await trx.raw('SET LOCAL synchronous_commit = off')
    // Foreign keys are checked by triggers, four lookups per entry: the load skips them where
    // it may (a superuser, as on the embedded server), the data being consistent by
    // construction (the test checks it joins); elsewhere they run, slower.
    await trx.raw('SAVEPOINT replica')
    await trx
      .raw('SET LOCAL session_replication_role = replica')
      .then(() => trx.raw('RELEASE SAVEPOINT replica'))
      .catch(() => trx.raw('ROLLBACK TO SAVEPOINT replica'))
    await trx.raw(`CREATE FUNCTION pg_temp.damm(digits text) RETURNS int LANGUAGE plpgsql IMMUTABLE AS $$
      DECLARE
        t int[] := '{{0,3,1,7,5,9,8,6,4,2},{7,0,9,2,1,5,4,8,6,3},{4,2,0,6,8,7,1,3,5,9},
                     {1,7,5,0,9,8,3,4,2,6},{6,1,2,3,0,4,5,9,7,8},{3,6,7,4,2,0,9,5,8,1},
                     {5,8,6,9,7,2,0,1,3,4},{8,9,4,5,3,6,2,0,1,7},{9,4,3,8,6,1,7,2,0,5},
                     {2,5,8,1,4,3,6,7,9,0}}';
        interim int := 0;
      BEGIN
        FOR i IN 1..length(digits) LOOP
          interim := t[interim + 1][substr(digits, i, 1)::int + 1];
        END LOOP;
        RETURN interim;
      END $$`)

    const [platform] = await trx('platforms')
      .insert({ code: 'scale', name: 'RewardFlow', base_domain: 'scale.test' })
      .onConflict('code')
      .merge()
      .returning('id')
    const [merchant] = await trx('merchants')
      .insert({ platform_id: platform.id, slug: 'scale-chain', name: 'Scale Chain S.A.' })
      .returning('id')
    const merchantId: string = merchant.id
    const storeCodes = Array.from(
      { length: options.stores },
      (_, i) => `SCALE${String(i + 1).padStart(2, '0')}`,
    )
    const stores: { id: string; code: string }[] = await trx('stores')
      .insert(
        storeCodes.map((code, i) => ({
          merchant_id: merchantId,
          code,
          name: `Scale store ${i + 1}`,
          description: { en: `Store ${i + 1}` },
          city: 'Luxembourg',
        })),
      )
      .returning(['id', 'code'])
    const storeIds = stores.map((s) => s.id)
    const [programme] = await trx('programmes')
      .insert({
        merchant_id: merchantId,
        type: 'points',
        name: { en: 'Scale rewards' },
        terms: { en: 'Terms' },
        points_per_currency_unit: 1,
        welcome_bonus: 0,
        cooldown_minutes: 0,
        status: 'active',
      })
      .returning('id')
    const rewards: { id: string }[] = await trx('rewards')
      .insert(
        [50, 100, 250].map((cost, i) => ({
          merchant_id: merchantId,
          programme_id: programme.id,
          name: { en: `Reward ${cost}` },
          cost,
          position: i,
        })),
      )
      .returning('id')
    const kiosks: { id: string }[] = await trx('kiosks')
      .insert(
        stores.flatMap((store) =>
          Array.from({ length: options.kiosksPerStore }, (_, k) => ({
            merchant_id: merchantId,
            store_id: store.id,
            name: `${store.code} till ${k + 1}`,
            status: 'active',
            paired_at: trx.fn.now(),
            last_seen_at: trx.fn.now(),
          })),
        ),
      )
      .returning('id')
    const staff: { id: string }[] = await trx('staff')
      .insert(storeIds.map((_, i) => ({ merchant_id: merchantId, name: `Cashier ${i + 1}` })))
      .returning('id')
    await trx('staff_stores').insert(
      staff.map((s, i) => ({ merchant_id: merchantId, staff_id: s.id, store_id: storeIds[i] })),
    )

    const arr = (ids: string[]) => `ARRAY[${ids.map((id) => `'${id}'::uuid`).join(',')}]`
    const storeArr = arr(storeIds)
    const kioskArr = arr(kiosks.map((k) => k.id))
    const staffArr = arr(staff.map((s) => s.id))
    const stores1 = options.stores
    const kiosksPer = options.kiosksPerStore

    const dropped: { name: string; def: string }[] = []
    for (const table of ['customers', 'cards', 'ledger_entries']) {
      for (const index of await secondaryIndexes(trx, table)) {
        await trx.raw(`DROP INDEX ${index.name}`)
        dropped.push(index)
      }
    }

    await step(`${n.toLocaleString('en')} customers`, () =>
      trx.raw(
        `INSERT INTO customers (id, merchant_id, email, name, phone, birthday, preferred_language,
            marketing_consent, marketing_consent_at, created_at, updated_at)
         SELECT ${uuidFor('c0000000', 'g')}, :merchantId,
                'member' || g || '@scale.example',
                (${sqlArray(FIRST_NAMES)})[1 + g % ${FIRST_NAMES.length}] || ' ' ||
                  (${sqlArray(LAST_NAMES)})[1 + (g / ${FIRST_NAMES.length}) % ${LAST_NAMES.length}],
                '+3526' || lpad(g::text, 8, '0'),
                date '1950-01-01' + ((g * 37) % 20000),
                (ARRAY['en','fr','de','lb'])[1 + g % 4],
                g % 3 = 0, CASE WHEN g % 3 = 0 THEN now() - interval '700 days' END,
                now() - make_interval(days => 730) + make_interval(secs => g * (63072000.0 / :n)),
                now()
           FROM generate_series(1, :n) g`,
        { merchantId, n },
      ),
    )
    await step(`${n.toLocaleString('en')} cards`, () =>
      trx.raw(
        `INSERT INTO cards (id, number, merchant_id, customer_id, programme_id, status,
            points_balance, lifetime_points, enrolled_store_id, enroll_request_hash,
            last_earn_at, last_activity_at, created_at, updated_at)
         SELECT ${uuidFor('ca000000', 'g')}, p || pg_temp.damm(p), :merchantId,
                ${uuidFor('c0000000', 'g')}, :programmeId, 'active',
                ${balanceAfter(entriesOf('g', avg, heavy))}, ${earnedAfter(entriesOf('g', avg, heavy))},
                (${storeArr})[1 + g % ${stores1}], 'scale',
                now() - interval '1 hour' - make_interval(days => (g % 180)::int),
                now() - interval '1 hour' - make_interval(days => (g % 180)::int),
                now() - make_interval(days => 730), now()
           FROM generate_series(1, :n) g, LATERAL (SELECT (10000000000 + g)::text AS p) number`,
        { merchantId, n, programmeId: programme.id },
      ),
    )
    const entries = await step('ledger entries', async () => {
      // Entry k of card g, spread evenly over two years up to the member's last visit (an hour
      // to 180 days ago, as the card says); mostly at the member's home store, one in seven at
      // the next store (members seen at several).
      const { rowCount } = await trx.raw(
        `INSERT INTO ledger_entries (id, merchant_id, card_id, type, points_delta,
            points_balance_after, stamps_balance_after, amount_cents, currency, reward_id,
            store_id, device_id, staff_id, client_id, request_hash, occurred_at, recorded_at)
         SELECT ${uuidFor('1e000000', 'row_number() OVER ()')}, :merchantId,
                ${uuidFor('ca000000', 'g')},
                CASE WHEN k % 10 = 0 THEN 'redeem' ELSE 'earn' END,
                CASE WHEN k % 10 = 0 THEN -50 ELSE 10 END,
                ${balanceAfter('k')}, 0,
                CASE WHEN k % 10 = 0 THEN NULL ELSE 1000 + (g::bigint * k) % 5000 END, 'EUR',
                CASE WHEN k % 10 = 0 THEN :rewardId::uuid END,
                (${storeArr})[1 + (s % ${stores1})],
                (${kioskArr})[1 + (s % ${stores1}) * ${kiosksPer} + k % ${kiosksPer}],
                (${staffArr})[1 + (s % ${stores1})],
                ${uuidFor('c1000000', 'row_number() OVER ()')}, 'scale',
                t, t
           FROM generate_series(1, :n) g
           CROSS JOIN LATERAL generate_series(1, ${entriesOf('g', avg, heavy)}) k
           CROSS JOIN LATERAL (SELECT g + CASE WHEN k % 7 = 0 THEN 1 ELSE 0 END AS s,
                  now() - interval '1 hour' - make_interval(days => (g % 180)::int) - make_interval(secs =>
                    (63072000.0 * (1 - k::float8 / ${entriesOf('g', avg, heavy)}))) AS t) at`,
        { merchantId, n, rewardId: rewards[0]!.id },
      )
      return rowCount as number
    })
    await step(`${dropped.length} secondary indexes rebuilt`, async () => {
      await trx.raw("SET LOCAL maintenance_work_mem = '512MB'")
      for (const index of dropped) await trx.raw(index.def)
    })
    await step('analyze', async () => {
      for (const table of ['customers', 'cards', 'ledger_entries'])
        await trx.raw(`ANALYZE ${table}`)
    })

    const sampleAt = [1, 2, 3, Math.floor(n / 3), Math.floor(n / 2), n - 1, n].filter(
      (g, i, all) => g >= 1 && all.indexOf(g) === i,
    )
    const sample: ScaleMerchant['sample'] = await trx('cards as c')
      .join('customers as cu', 'cu.id', 'c.customer_id')
      .whereIn(
        'c.id',
        sampleAt.map((g) => trx.raw(uuidFor('ca000000', '?::bigint'), [g])),
      )
      .select('c.number', 'cu.email', 'cu.phone', 'cu.name')
    const heavyRow = await trx('cards')
      .where('id', trx.raw(uuidFor('ca000000', '1')))
      .first('number')
    return {
      merchantId,
      programmeId: programme.id,
      storeIds,
      storeCodes,
      kioskIds: kiosks.map((k) => k.id),
      rewardIds: rewards.map((r) => r.id),
      customers: n,
      entries,
      heavyCard: { number: heavyRow.number, email: 'member1@scale.example', entries: heavy },
      sample,
      seconds: (Date.now() - started) / 1000,
    }
  })
}

/**
 * `count` new earnings of 10 points now, one each on members 2 … count + 1 at their home store
 * (the ledger still holds: each entry's balance_after follows the card's balance, which moves
 * with it). For sweeps that read what was recorded after their cursor.
 */
export const appendEarnings = async (db: Knex, scale: ScaleMerchant, count: number) =>
  db.transaction(async (trx) => {
    const { rowCount } = await trx.raw(
      `WITH moved AS (
         UPDATE cards c SET points_balance = c.points_balance + 10,
                lifetime_points = c.lifetime_points + 10, last_earn_at = now(),
                last_activity_at = now()
          WHERE c.merchant_id = :merchantId
            AND c.id IN (SELECT ${uuidFor('ca000000', 'g')} FROM generate_series(2, :last) g)
          RETURNING c.id, c.points_balance, c.enrolled_store_id)
       INSERT INTO ledger_entries (merchant_id, card_id, type, points_delta, points_balance_after,
            stamps_balance_after, amount_cents, currency, store_id, client_id, request_hash)
       SELECT :merchantId, m.id, 'earn', 10, m.points_balance, 0, 1000, 'EUR',
              m.enrolled_store_id, gen_random_uuid(), 'scale-append'
         FROM moved m`,
      { merchantId: scale.merchantId, last: count + 1 },
    )
    return rowCount as number
  })
