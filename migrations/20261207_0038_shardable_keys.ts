import type { Knex } from 'knex'

// Shardable by merchant (Citus: distribution column merchant_id). A distributed table's primary
// and unique keys must contain the distribution column, and a foreign key between two
// distributed tables must join on it (co-located rows). So:
//  1. the tables that held tenant rows without saying whose get `merchant_id`, backfilled from
//     their parent: the link tables of staff and merchant users to stores, the kiosks' operation
//     log, and the one-time tokens of customers and merchant users (nullable there: the same
//     tables hold platform admins' rows, who belong to no merchant; a check keeps it set exactly
//     for the others);
//  2. every primary key and unique key of a tenant table (merchant_id NOT NULL) gets merchant_id
//     appended — last, so a lookup by the old leading column (id, number, token hash) still reads
//     the same index and no second index on id is needed; names stay, so the code that maps a
//     constraint name to an answer is unchanged;
//  3. every foreign key to a tenant table becomes (merchant_id, x_id) → (merchant_id, id): a row
//     can no longer point at another merchant's card, store or reward.
// Steps 2 and 3 read the catalog, so tables added before this migration are covered as well.
// Kept global on purpose (unique across the platform by meaning: the names requests are routed
// by, and the sign-in email of a merchant user, who signs in before any merchant is known):
const GLOBAL_KEYS = new Set([
  'stores_code_unique',
  'stores_subdomain_unique',
  'stores_custom_domain_unique',
  'merchant_users_email_unique',
])

type Key = {
  table: string
  name: string
  kind: 'p' | 'u' | 'i'
  columns: string[]
  nullsNotDistinct: boolean
  predicate: string | null
  /** A unique constraint on one nullable column (NULLs never conflict). */
  ofNullableColumn: boolean
}

type ForeignKey = {
  table: string
  name: string
  columns: string[]
  refTable: string
  refColumns: string[]
  onDelete: string
  onUpdate: string
  deferrable: string
}

const ACTIONS: Record<string, string> = {
  a: 'NO ACTION',
  r: 'RESTRICT',
  c: 'CASCADE',
  n: 'SET NULL',
  d: 'SET DEFAULT',
}

const q = (name: string) => `"${name.replace(/"/g, '""')}"`

const addMerchantColumn = async (
  knex: Knex,
  table: string,
  from: string,
  options: { nullable: boolean },
) => {
  await knex.raw(`ALTER TABLE ${table} ADD COLUMN merchant_id uuid REFERENCES merchants (id)`)
  await knex.raw(`UPDATE ${table} t SET merchant_id = ${from}`)
  if (!options.nullable)
    await knex.raw(`ALTER TABLE ${table} ALTER COLUMN merchant_id SET NOT NULL`)
  await knex.raw(
    `ALTER TABLE ${table} RENAME CONSTRAINT ${table}_merchant_id_fkey TO ${table}_merchant_id_foreign`,
  )
}

const tenantTables = async (knex: Knex): Promise<Set<string>> => {
  const { rows } = await knex.raw<{ rows: { table: string }[] }>(
    `SELECT c.relname AS table
       FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
      WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p')
        AND a.attname = 'merchant_id' AND a.attnotnull AND NOT a.attisdropped`,
  )
  return new Set(rows.map((r) => r.table))
}

/** Primary keys, unique constraints and unique indexes of tenant tables without merchant_id. */
const keysWithoutMerchant = async (knex: Knex, tables: Set<string>): Promise<Key[]> => {
  const { rows } = await knex.raw<{
    rows: {
      table: string
      name: string
      kind: 'p' | 'u' | null
      columns: string[]
      nulls_not_distinct: boolean
      predicate: string | null
      of_nullable_column: boolean
    }[]
  }>(
    `SELECT t.relname AS table, ic.relname AS name, con.contype AS kind,
            array(SELECT pg_get_indexdef(i.indexrelid, k, true)
                    FROM generate_series(1, i.indnkeyatts) k ORDER BY k) AS columns,
            i.indnullsnotdistinct AS nulls_not_distinct,
            pg_get_expr(i.indpred, i.indrelid, true) AS predicate,
            (i.indnkeyatts = 1 AND i.indkey[0] > 0 AND NOT (SELECT a.attnotnull FROM pg_attribute a
               WHERE a.attrelid = t.oid AND a.attnum = i.indkey[0])) AS of_nullable_column
       FROM pg_index i
       JOIN pg_class t ON t.oid = i.indrelid
       JOIN pg_class ic ON ic.oid = i.indexrelid
       LEFT JOIN pg_constraint con ON con.conindid = i.indexrelid AND con.contype IN ('p', 'u')
      WHERE t.relnamespace = 'public'::regnamespace AND i.indisunique
        AND NOT EXISTS (SELECT 1 FROM pg_attribute a
                         WHERE a.attrelid = t.oid AND a.attname = 'merchant_id'
                           AND a.attnum = ANY (i.indkey))`,
  )
  return rows
    .filter((r) => tables.has(r.table) && !GLOBAL_KEYS.has(r.name))
    .map((r) => ({
      table: r.table,
      name: r.name,
      kind: r.kind ?? 'i',
      columns: r.columns,
      nullsNotDistinct: r.nulls_not_distinct,
      predicate: r.predicate,
      ofNullableColumn: r.of_nullable_column,
    }))
}

/** Every foreign key that points at a tenant table. */
const foreignKeysTo = async (knex: Knex, tables: Set<string>): Promise<ForeignKey[]> => {
  const { rows } = await knex.raw<{
    rows: {
      table: string
      name: string
      columns: string[]
      ref_table: string
      ref_columns: string[]
      del: string
      upd: string
      deferrable: boolean
      deferred: boolean
    }[]
  }>(
    `SELECT t.relname AS table, con.conname AS name, r.relname AS ref_table,
            array(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY k(n, o)
                    JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.n
                   ORDER BY k.o)::text[] AS columns,
            array(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY k(n, o)
                    JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.n
                   ORDER BY k.o)::text[] AS ref_columns,
            con.confdeltype AS del, con.confupdtype AS upd,
            con.condeferrable AS deferrable, con.condeferred AS deferred
       FROM pg_constraint con
       JOIN pg_class t ON t.oid = con.conrelid
       JOIN pg_class r ON r.oid = con.confrelid
      WHERE con.contype = 'f' AND con.connamespace = 'public'::regnamespace`,
  )
  return rows
    .filter((r) => tables.has(r.ref_table))
    .map((r) => ({
      table: r.table,
      name: r.name,
      columns: r.columns,
      refTable: r.ref_table,
      refColumns: r.ref_columns,
      onDelete: r.del,
      onUpdate: r.upd,
      deferrable: r.deferrable
        ? `DEFERRABLE INITIALLY ${r.deferred ? 'DEFERRED' : 'IMMEDIATE'}`
        : 'NOT DEFERRABLE',
    }))
}

const deleteAction = (fk: ForeignKey, columns: string[]) => {
  const action = ACTIONS[fk.onDelete]!
  // SET NULL on a composite key would null merchant_id too: only the reference is cleared.
  return fk.onDelete === 'n' || fk.onDelete === 'd'
    ? `${action} (${columns.map(q).join(', ')})`
    : action
}

export async function up(knex: Knex): Promise<void> {
  await addMerchantColumn(
    knex,
    'staff_stores',
    '(SELECT merchant_id FROM staff WHERE id = t.staff_id)',
    {
      nullable: false,
    },
  )
  await addMerchantColumn(
    knex,
    'merchant_user_stores',
    '(SELECT merchant_id FROM merchant_users WHERE id = t.merchant_user_id)',
    { nullable: false },
  )
  await addMerchantColumn(
    knex,
    'kiosk_operations',
    '(SELECT merchant_id FROM kiosks WHERE id = t.kiosk_id)',
    { nullable: false },
  )
  const ofStaff = '(SELECT merchant_id FROM merchant_users WHERE id = t.merchant_user_id)'
  await addMerchantColumn(
    knex,
    'password_reset_tokens',
    `coalesce((SELECT merchant_id FROM customers WHERE id = t.customer_id), ${ofStaff})`,
    { nullable: true },
  )
  await addMerchantColumn(knex, 'recovery_codes', ofStaff, { nullable: true })
  await addMerchantColumn(knex, 'sign_in_challenges', ofStaff, { nullable: true })
  for (const table of ['password_reset_tokens', 'recovery_codes', 'sign_in_challenges'])
    await knex.raw(
      `ALTER TABLE ${table} ADD CONSTRAINT ${table}_merchant_of_subject
         CHECK ((merchant_id IS NULL) = (platform_admin_id IS NOT NULL))`,
    )

  const tables = await tenantTables(knex)
  const foreignKeys = await foreignKeysTo(knex, tables)
  for (const fk of foreignKeys)
    await knex.raw(`ALTER TABLE ${q(fk.table)} DROP CONSTRAINT ${q(fk.name)}`)

  for (const key of await keysWithoutMerchant(knex, tables)) {
    const columns = [...key.columns, 'merchant_id'].join(', ')
    const nulls = key.nullsNotDistinct ? ' NULLS NOT DISTINCT' : ''
    if (key.kind === 'u' && key.ofNullableColumn && !key.nullsNotDistinct) {
      // (reversal_of) held a NULL per row that no reversal; (reversal_of, merchant_id) would
      // not deduplicate them (61 → 388 MB at ten million entries). NULLs never conflicted, so
      // a partial unique index under the same name is the same rule without them.
      await knex.raw(`ALTER TABLE ${q(key.table)} DROP CONSTRAINT ${q(key.name)}`)
      await knex.raw(
        `CREATE UNIQUE INDEX ${q(key.name)} ON ${q(key.table)} (${columns})
          WHERE ${q(key.columns[0]!)} IS NOT NULL`,
      )
    } else if (key.kind === 'i') {
      await knex.raw(`DROP INDEX ${q(key.name)}`)
      await knex.raw(
        `CREATE UNIQUE INDEX ${q(key.name)} ON ${q(key.table)} (${columns})${nulls}` +
          (key.predicate ? ` WHERE ${key.predicate}` : ''),
      )
    } else {
      await knex.raw(`ALTER TABLE ${q(key.table)} DROP CONSTRAINT ${q(key.name)}`)
      await knex.raw(
        `ALTER TABLE ${q(key.table)} ADD CONSTRAINT ${q(key.name)} ` +
          (key.kind === 'p' ? `PRIMARY KEY (${columns})` : `UNIQUE${nulls} (${columns})`),
      )
    }
  }

  for (const fk of foreignKeys) {
    const hasMerchant = fk.columns.includes('merchant_id')
    const columns = hasMerchant ? fk.columns : ['merchant_id', ...fk.columns]
    const refColumns = hasMerchant ? fk.refColumns : ['merchant_id', ...fk.refColumns]
    await knex.raw(
      `ALTER TABLE ${q(fk.table)} ADD CONSTRAINT ${q(fk.name)}
         FOREIGN KEY (${columns.map(q).join(', ')})
         REFERENCES ${q(fk.refTable)} (${refColumns.map(q).join(', ')})
         ON DELETE ${deleteAction(fk, fk.columns)} ON UPDATE ${ACTIONS[fk.onUpdate]} ${fk.deferrable}`,
    )
  }
}

// Keys that had merchant_id last before this migration (down leaves them as they are).
const ORIGINALLY_WITH_MERCHANT = new Set(['cards_customer_id_merchant_id_unique'])

const ADDED_TO = [
  'staff_stores',
  'merchant_user_stores',
  'kiosk_operations',
  'password_reset_tokens',
  'recovery_codes',
  'sign_in_challenges',
]

export async function down(knex: Knex): Promise<void> {
  const tables = await tenantTables(knex)
  const foreignKeys = (await foreignKeysTo(knex, tables)).filter(
    (fk) => fk.columns.length > 1 && fk.columns[0] === 'merchant_id',
  )
  for (const fk of foreignKeys)
    await knex.raw(`ALTER TABLE ${q(fk.table)} DROP CONSTRAINT ${q(fk.name)}`)
  const { rows: keys } = await knex.raw<{
    rows: {
      table: string
      name: string
      kind: 'p' | 'u' | null
      columns: string[]
      nulls: boolean
      predicate: string | null
    }[]
  }>(
    `SELECT t.relname AS table, ic.relname AS name, con.contype AS kind,
            array(SELECT pg_get_indexdef(i.indexrelid, k, true)
                    FROM generate_series(1, i.indnkeyatts) k ORDER BY k) AS columns,
            i.indnullsnotdistinct AS nulls, pg_get_expr(i.indpred, i.indrelid, true) AS predicate
       FROM pg_index i
       JOIN pg_class t ON t.oid = i.indrelid
       JOIN pg_class ic ON ic.oid = i.indexrelid
       LEFT JOIN pg_constraint con ON con.conindid = i.indexrelid AND con.contype IN ('p', 'u')
      WHERE t.relnamespace = 'public'::regnamespace AND i.indisunique AND i.indnkeyatts > 1`,
  )
  for (const key of keys) {
    if (!tables.has(key.table) || ORIGINALLY_WITH_MERCHANT.has(key.name)) continue
    if (key.columns[key.columns.length - 1] !== 'merchant_id') continue
    const columns = key.columns.slice(0, -1).join(', ')
    const nulls = key.nulls ? ' NULLS NOT DISTINCT' : ''
    if (key.kind === null) {
      await knex.raw(`DROP INDEX ${q(key.name)}`)
      await knex.raw(
        `CREATE UNIQUE INDEX ${q(key.name)} ON ${q(key.table)} (${columns})${nulls}` +
          (key.predicate ? ` WHERE ${key.predicate}` : ''),
      )
    } else {
      await knex.raw(`ALTER TABLE ${q(key.table)} DROP CONSTRAINT ${q(key.name)}`)
      await knex.raw(
        `ALTER TABLE ${q(key.table)} ADD CONSTRAINT ${q(key.name)} ` +
          (key.kind === 'p' ? `PRIMARY KEY (${columns})` : `UNIQUE${nulls} (${columns})`),
      )
    }
  }
  for (const fk of foreignKeys) {
    // A key that had merchant_id before this migration (composite from the start) keeps it:
    // its referenced columns without merchant_id are unique nowhere.
    const { rows: unique } = await knex.raw<{ rows: unknown[] }>(
      `SELECT 1 FROM pg_index i
        WHERE i.indrelid = ?::regclass AND i.indisunique
          AND array(SELECT pg_get_indexdef(i.indexrelid, k, true)
                      FROM generate_series(1, i.indnkeyatts) k ORDER BY k) = ?::text[]`,
      [fk.refTable, fk.refColumns.slice(1)],
    )
    const original = unique.length === 0
    const columns = original ? fk.columns : fk.columns.slice(1)
    const refColumns = original ? fk.refColumns : fk.refColumns.slice(1)
    await knex.raw(
      `ALTER TABLE ${q(fk.table)} ADD CONSTRAINT ${q(fk.name)}
         FOREIGN KEY (${columns.map(q).join(', ')})
         REFERENCES ${q(fk.refTable)} (${refColumns.map(q).join(', ')})
         ON DELETE ${ACTIONS[fk.onDelete]} ON UPDATE ${ACTIONS[fk.onUpdate]} ${fk.deferrable}`,
    )
  }
  for (const table of ADDED_TO) await knex.raw(`ALTER TABLE ${table} DROP COLUMN merchant_id`)
}
