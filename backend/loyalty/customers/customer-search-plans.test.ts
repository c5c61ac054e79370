import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { useTestDatabase } from '../../test/test-database.ts'
import { buildMerchant, type BuiltMerchant } from '../../test/factories.ts'
import { searchCustomers } from './customer-queries.ts'
import { withCheckDigit } from '../../../shared/card-number.ts'
import { CustomerSearchQuery } from '../../../shared/schemas/customer-api.ts'

// The customer search on 30,000 generated members (generate_series): each kind of search is
// answered through an index (migration 0015, docs/decisions.md "Customer search by exact keys
// and prefixes"), never by reading every member, and quickly. The plans are read with EXPLAIN
// of the very statement searchCustomers runs (captured from Knex's query event).

const db = useTestDatabase()
let merchant: BuiltMerchant
const MEMBERS = 30_000

beforeAll(async () => {
  merchant = await buildMerchant(db.knex)
  await db.knex.raw(
    `INSERT INTO customers (id, merchant_id, email, name, phone, marketing_consent, created_at)
     SELECT gen_random_uuid(), ?, 'member' || i || '@bulk.test', 'Name' || lpad(i::text, 6, '0'),
            '+352 6' || lpad(i::text, 8, '0'), i % 2 = 0, now() - make_interval(mins => i)
       FROM generate_series(1, ?) AS i`,
    [merchant.merchantId, MEMBERS],
  )
  // Numbers need only be unique and 12 digits for the plans: the check digit is the page's.
  await db.knex.raw(
    `INSERT INTO cards (number, merchant_id, customer_id, programme_id, enrolled_store_id,
                        last_activity_at, created_at)
     SELECT (900000000000 + row_number() OVER ())::text, cu.merchant_id, cu.id, ?, ?,
            cu.created_at, cu.created_at
       FROM customers cu WHERE cu.merchant_id = ?`,
    [merchant.programmeId, merchant.storeIds[0], merchant.merchantId],
  )
  await db
    .knex('cards')
    .where('number', '900000012345')
    .update({ number: withCheckDigit('50000001234') })
  await db.knex.raw('ANALYZE customers; ANALYZE cards')
}, 120_000)

afterAll(() => undefined)

/** The plan of the statement the search runs, and how long the search took. */
const planOf = async (query: Record<string, string>) => {
  let sql: { sql: string; bindings: unknown[] } | undefined
  const capture = (q: { sql: string; bindings: unknown[] }) => {
    if (q.sql.includes('from "cards" as "c"')) sql = q
  }
  db.knex.on('query', capture)
  const started = performance.now()
  const page = await searchCustomers(db.knex, merchant.merchantId, CustomerSearchQuery.parse(query))
  const ms = performance.now() - started
  db.knex.off('query', capture)
  // Knex reports pg's $n placeholders; raw() takes ?.
  const text = sql!.sql.replace(/\$\d+/g, '?')
  const explained = await db.knex.raw(`EXPLAIN ${text}`, sql!.bindings as never)
  const plan = (explained.rows as { 'QUERY PLAN': string }[]).map((r) => r['QUERY PLAN']).join('\n')
  return { plan, ms, page }
}

describe('customer search on 30,000 members', () => {
  it.each<[string, Record<string, string>, RegExp]>([
    ['a card number', { query: withCheckDigit('50000001234') }, /cards_number_unique/],
    // Under the C collation the unique (merchant_id, lower(email)) index serves a prefix too;
    // under any other, only the "C" one does (migration 0025).
    [
      'an email beginning',
      { query: 'member12345@bulk' },
      /customers_merchant_email_(sorted|unique)/,
    ],
    ['a phone', { query: '+352 600012345' }, /customers_merchant_phone_digits/],
    ['a name beginning', { query: 'name01234' }, /customers_merchant_name_sorted/],
    ['nothing (newest first)', {}, /cards_merchant_created/],
  ])('finds by %s through its index', async (_what, query, index) => {
    const { plan, page } = await planOf(query)
    expect(plan).toMatch(index)
    expect(plan).not.toMatch(/Seq Scan on (customers|cards)/)
    expect(page.data.length).toBeGreaterThan(0)
  })
})
