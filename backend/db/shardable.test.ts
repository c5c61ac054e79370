import type { Knex } from 'knex'
import { describe, expect, it } from 'vitest'
import { useTestDatabase } from '../test/test-database.ts'

// The schema stays shardable by merchant (Citus, distribution column merchant_id): read from the
// catalog of the migrated database, every table of the public schema is a tenant table unless
// listed below. A tenant table carries merchant_id NOT NULL, and its primary key, unique keys and
// foreign keys to other tenant tables include it (co-located rows, keys checked on one shard).
// The lists are the design: a table holding one merchant's rows never goes on them.
// (graphile_worker.* is the job queue's own schema: a local table set on the coordinator.)

/** Rows of the whole platform: Citus reference tables (small, read everywhere) or local ones. */
const PLATFORM_TABLES: Record<string, string> = {
  platforms: 'the platform itself, above every merchant (reference)',
  merchants:
    'one row per tenant, read by every request; a reference table, so any shard can join and check a foreign key to it',
  platform_admins: 'the platform staff, who belong to no merchant (reference)',
  email_templates: 'the platform-wide email templates per language, edited by admins (reference)',
  smtp_settings: "the platform's one SMTP configuration (reference)",
  google_wallet_settings: "the platform's Google Wallet issuer and service account (reference)",
  apple_wallet_settings: "the platform's Apple pass type certificate and key (reference)",
  google_wallet_request_slots:
    "the issuer's request budget per 200 ms, shared by every worker: Google's quota is per issuer, not per merchant (local, coordinator)",
  store_logos:
    'image bytes addressed by their sha256, shared by every store uploading the same file; the store row says whose (reference)',
  web_secrets: 'signing secrets of the web processes (local, coordinator)',
  rate_limits:
    'counters per client address or account name, counted before any merchant is known (local)',
  job_worker_processes: 'liveness of the worker processes (local)',
  mailbox_messages: 'the development mailbox that catches outgoing mail (local)',
  email_sweep_cursors: 'positions of the platform-wide email sweeps (local)',
  knex_migrations: 'the schema history (local)',
  knex_migrations_lock: 'the schema history lock (local)',
}

/**
 * Rows of merchants and of the platform in one table (merchant_id NULL = a platform row: an
 * admin's session, token, code or audit entry, a platform email). They carry merchant_id and
 * their foreign keys to tenant tables include it; before distribution each splits in two (the
 * platform rows into a local table), see docs/scaling.md.
 */
const MIXED_TABLES: Record<string, string> = {
  audit_log: 'admin actions on the platform are audited beside merchant actions',
  outbound_emails: 'platform emails (admin invitations, resets) queue beside merchant emails',
  web_sessions: 'sessions of customers, merchant users and platform admins',
  password_reset_tokens: 'reset tokens of customers, merchant users and platform admins',
  recovery_codes: 'second-factor recovery codes of merchant users and platform admins',
  sign_in_challenges: 'second-factor sign-in steps of merchant users and platform admins',
}

/**
 * Unique keys of tenant tables that are unique across the platform by meaning. On Citus each
 * moves to a reference table of names (name → merchant) kept beside the distributed row.
 */
const GLOBAL_KEYS: Record<string, string> = {
  stores_code_unique: 'a store code is a path every request is routed by (/s/<code>)',
  stores_subdomain_unique: 'a subdomain routes requests before any merchant is known',
  stores_custom_domain_unique: 'a custom domain routes requests before any merchant is known',
  merchant_users_email_unique:
    'a merchant user signs in with an email alone, before any merchant is known',
}

type Catalog = {
  tables: Map<string, { merchantId: 'not null' | 'nullable' | null }>
  keys: { table: string; name: string; kind: string; columns: string[] }[]
  foreignKeys: {
    table: string
    name: string
    columns: string[]
    refTable: string
    refColumns: string[]
  }[]
}

const readCatalog = async (knex: Knex): Promise<Catalog> => {
  const tables = await knex.raw<{ rows: { name: string; merchant_id: string | null }[] }>(
    `SELECT c.table_name AS name, m.is_nullable AS merchant_id
       FROM information_schema.tables c
       LEFT JOIN information_schema.columns m
         ON m.table_schema = c.table_schema AND m.table_name = c.table_name
        AND m.column_name = 'merchant_id'
      WHERE c.table_schema = 'public' AND c.table_type = 'BASE TABLE'`,
  )
  // Unique indexes too, not only constraints: an expression index (lower(email)) is a key.
  const keys = await knex.raw<{
    rows: { table: string; name: string; kind: string; columns: string[] }[]
  }>(
    `SELECT t.relname AS table, ic.relname AS name,
            CASE WHEN i.indisprimary THEN 'primary key' ELSE 'unique key' END AS kind,
            array(SELECT coalesce(a.attname, '(expression)') FROM unnest(i.indkey) k(n)
                    LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.n)::text[] AS columns
       FROM pg_index i
       JOIN pg_class t ON t.oid = i.indrelid
       JOIN pg_class ic ON ic.oid = i.indexrelid
      WHERE t.relnamespace = 'public'::regnamespace AND i.indisunique`,
  )
  const foreignKeys = await knex.raw<{ rows: Catalog['foreignKeys'] }>(
    `SELECT t.relname AS table, con.conname AS name, r.relname AS "refTable",
            array(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY k(n, o)
                    JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.n
                   ORDER BY k.o)::text[] AS columns,
            array(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY k(n, o)
                    JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.n
                   ORDER BY k.o)::text[] AS "refColumns"
       FROM pg_constraint con
       JOIN pg_class t ON t.oid = con.conrelid
       JOIN pg_class r ON r.oid = con.confrelid
      WHERE con.contype = 'f' AND con.connamespace = 'public'::regnamespace`,
  )
  return {
    tables: new Map(
      tables.rows.map((t) => [
        t.name,
        {
          merchantId:
            t.merchant_id === null ? null : t.merchant_id === 'NO' ? 'not null' : 'nullable',
        },
      ]),
    ),
    keys: keys.rows,
    foreignKeys: foreignKeys.rows,
  }
}

/** What keeps the schema from being distributed by merchant_id; empty when shardable. */
const shardingProblems = (catalog: Catalog): string[] => {
  const problems: string[] = []
  const isTenant = (table: string) => !(table in PLATFORM_TABLES) && !(table in MIXED_TABLES)
  for (const listed of [...Object.keys(PLATFORM_TABLES), ...Object.keys(MIXED_TABLES)])
    if (!catalog.tables.has(listed)) problems.push(`${listed}: listed but no such table`)
  for (const [table, { merchantId }] of catalog.tables) {
    if (isTenant(table) && merchantId !== 'not null')
      problems.push(`${table}: tenant table without merchant_id NOT NULL`)
    if (table in MIXED_TABLES && merchantId === null)
      problems.push(`${table}: mixed table without merchant_id`)
  }
  for (const key of catalog.keys) {
    if (!isTenant(key.table) || key.name in GLOBAL_KEYS) continue
    if (!key.columns.includes('merchant_id'))
      problems.push(`${key.table}: ${key.kind} ${key.name} (${key.columns}) lacks merchant_id`)
  }
  for (const fk of catalog.foreignKeys) {
    const from = isTenant(fk.table) ? 'tenant' : fk.table in MIXED_TABLES ? 'mixed' : 'platform'
    const to = isTenant(fk.refTable) ? 'tenant' : fk.refTable in MIXED_TABLES ? 'mixed' : 'platform'
    if (to === 'platform') continue
    const i = fk.columns.indexOf('merchant_id')
    if (from === 'platform' || to === 'mixed')
      problems.push(`${fk.table}: foreign key ${fk.name} from a ${from} table to a ${to} table`)
    else if (i < 0 || fk.refColumns[i] !== 'merchant_id')
      problems.push(
        `${fk.table}: foreign key ${fk.name} (${fk.columns}) → ${fk.refTable} (${fk.refColumns}) does not join on merchant_id`,
      )
  }
  return problems
}

const db = useTestDatabase()

describe('the schema is shardable by merchant', () => {
  it('keys every tenant table by merchant_id, and the check finds a table that is not', async () => {
    expect(shardingProblems(await readCatalog(db.knex))).toEqual([])

    // The check itself: a tenant table keyed and referenced without merchant_id is reported.
    await db.knex.raw(`CREATE TABLE shard_probe (id uuid PRIMARY KEY, code text UNIQUE,
      card_id uuid, merchant_id uuid NOT NULL)`)
    await db.knex.raw(`CREATE TABLE shard_probe_child (id uuid, merchant_id uuid,
      probe_id uuid REFERENCES shard_probe (id), PRIMARY KEY (id, merchant_id))`)
    expect(shardingProblems(await readCatalog(db.knex)).sort()).toEqual([
      'shard_probe: primary key shard_probe_pkey (id) lacks merchant_id',
      'shard_probe: unique key shard_probe_code_key (code) lacks merchant_id',
      'shard_probe_child: foreign key shard_probe_child_probe_id_fkey (probe_id) → shard_probe (id) does not join on merchant_id',
    ])
  })
})
