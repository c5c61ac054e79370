import type { Knex } from 'knex'

// The ledger partitioned by month (`npm run db:partition-ledger`, an operator's step, not a
// migration: docs/scaling.md says when, and decisions X2 why).
//
// Partition key: recorded_at, the server's clock when the entry was written. It only grows, so
// every write lands in the current month's partition and a closed month never changes again
// (it can be detached, archived, dropped after the retention period). occurred_at, the
// kiosk's clock, would scatter entries synchronized after days offline into closed months.
//
// A unique key of a partitioned table must include the partition key, so the two rules that
// are unique across the whole ledger — one entry per client id (idempotency) and one reversal
// per entry — move to a small unpartitioned table, ledger_entry_keys (merchant_id, id,
// client_id, reversal_of), filled by a trigger in the same statement as the entry. Its
// constraints keep the names the code knows (ledger_entries_merchant_id_client_id_unique, …), so
// a replayed client id is refused and answered exactly as before, and the references to an
// entry (reversal_of, write_offs.ledger_entry_id) keep a foreign key: to the keys table.

const MONTHS_AHEAD = 12

const partitionName = (month: Date) =>
  `ledger_entries_${month.getUTCFullYear()}_${String(month.getUTCMonth() + 1).padStart(2, '0')}`

const addMonths = (month: Date, n: number) =>
  new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + n, 1))

const isPartitioned = async (db: Knex) => {
  const { rows } = await db.raw<{ rows: { kind: string }[] }>(
    `SELECT relkind AS kind FROM pg_class WHERE oid = 'public.ledger_entries'::regclass`,
  )
  return rows[0]?.kind === 'p'
}

/** Creates the monthly partitions from `from` to MONTHS_AHEAD months after now that are missing. */
const ensureMonths = async (trx: Knex, from: Date): Promise<string[]> => {
  const { rows } = await trx.raw<{ rows: { now: Date }[] }>('SELECT now() AS now')
  const now = rows[0]!.now
  const last = addMonths(
    new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)),
    MONTHS_AHEAD,
  )
  const created: string[] = []
  for (let month = from; month <= last; month = addMonths(month, 1)) {
    const name = partitionName(month)
    const { rows: found } = await trx.raw<{ rows: unknown[] }>(
      `SELECT 1 FROM pg_class WHERE relname = ? AND relnamespace = 'public'::regnamespace`,
      [name],
    )
    if (found.length > 0) continue
    // A row of this month in the default partition makes this fail: move it first (docs).
    await trx.raw(
      `CREATE TABLE ${name} PARTITION OF ledger_entries FOR VALUES FROM ('${month.toISOString()}') TO ('${addMonths(month, 1).toISOString()}')`,
    )
    created.push(name)
  }
  return created
}

export type PartitionReport = {
  /** False when the ledger was partitioned already (then only missing months were added). */
  converted: boolean
  entries: number
  partitionsCreated: string[]
  seconds: number
}

/**
 * Converts ledger_entries into a table partitioned by month of recorded_at, in one transaction
 * that holds the ledger exclusively (no movement is written meanwhile). Run again, it only adds
 * the months ahead that are missing — schedule it monthly.
 */
export const partitionLedger = async (db: Knex): Promise<PartitionReport> => {
  const started = Date.now()
  return db.transaction(async (trx) => {
    await trx.raw('LOCK TABLE ledger_entries IN ACCESS EXCLUSIVE MODE')
    const result = (converted: boolean, entries: number, partitionsCreated: string[]) => ({
      converted,
      entries,
      partitionsCreated,
      seconds: (Date.now() - started) / 1000,
    })
    if (await isPartitioned(trx)) {
      const { rows } = await trx.raw<{ rows: { now: Date }[] }>(
        `SELECT date_trunc('month', now()) AS now`,
      )
      return result(false, 0, await ensureMonths(trx, rows[0]!.now))
    }
    const old = await describeLedger(trx)
    await trx.raw('ALTER TABLE ledger_entries RENAME TO ledger_entries_unpartitioned')
    await trx.raw(
      `CREATE TABLE ledger_entries (LIKE ledger_entries_unpartitioned
         INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE INCLUDING COMMENTS)
       PARTITION BY RANGE (recorded_at)`,
    )
    await trx.raw('CREATE TABLE ledger_entries_default PARTITION OF ledger_entries DEFAULT')
    const { rows: first } = await trx.raw<{ rows: { month: Date | null }[] }>(
      `SELECT date_trunc('month', min(recorded_at)) AS month FROM ledger_entries_unpartitioned`,
    )
    const created = await ensureMonths(
      trx,
      first[0]!.month ?? (await trx.raw(`SELECT date_trunc('month', now()) AS m`)).rows[0].m,
    )
    await trx.raw("SET LOCAL maintenance_work_mem = '512MB'")
    const { rowCount } = await trx.raw(
      'INSERT INTO ledger_entries SELECT * FROM ledger_entries_unpartitioned',
    )
    await trx.raw(`CREATE TABLE ledger_entry_keys (
        merchant_id uuid NOT NULL, id uuid NOT NULL, client_id uuid NOT NULL,
        reversal_of uuid, recorded_at timestamptz NOT NULL)`)
    await trx.raw(
      `INSERT INTO ledger_entry_keys SELECT merchant_id, id, client_id, reversal_of, recorded_at
         FROM ledger_entries_unpartitioned`,
    )
    // The old table, its keys and the references to it go; then everything under its names.
    for (const fk of old.incoming)
      await trx.raw(`ALTER TABLE ${fk.table} DROP CONSTRAINT ${fk.name}`)
    await trx.raw('DROP TABLE ledger_entries_unpartitioned')
    await trx.raw(
      'ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_pkey PRIMARY KEY (id, merchant_id, recorded_at)',
    )
    for (const index of old.indexes) await trx.raw(index)
    await trx.raw(
      'CREATE INDEX ledger_entries_merchant_id_client_id_index ON ledger_entries (merchant_id, client_id)',
    )
    for (const fk of old.outgoing) await trx.raw(`ALTER TABLE ledger_entries ADD CONSTRAINT ${fk}`)
    await trx.raw(`ALTER TABLE ledger_entry_keys
        ADD CONSTRAINT ledger_entry_keys_pkey PRIMARY KEY (id, merchant_id),
        ADD CONSTRAINT ledger_entries_merchant_id_client_id_unique UNIQUE (merchant_id, client_id),
        ADD CONSTRAINT ledger_entries_reversal_of_foreign FOREIGN KEY (merchant_id, reversal_of)
          REFERENCES ledger_entry_keys (merchant_id, id),
        ADD CONSTRAINT ledger_entry_keys_merchant_id_foreign FOREIGN KEY (merchant_id)
          REFERENCES merchants (id)`)
    await trx.raw(`CREATE UNIQUE INDEX ledger_entries_reversal_of_unique
        ON ledger_entry_keys (reversal_of, merchant_id) WHERE reversal_of IS NOT NULL`)
    for (const fk of old.incoming)
      await trx.raw(
        `ALTER TABLE ${fk.table} ADD CONSTRAINT ${fk.name} ${fk.definition.replace(
          /REFERENCES ledger_entries\(/,
          'REFERENCES ledger_entry_keys(',
        )}`,
      )
    await trx.raw(`CREATE FUNCTION ledger_entry_keys_record() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO ledger_entry_keys (merchant_id, id, client_id, reversal_of, recorded_at)
        VALUES (NEW.merchant_id, NEW.id, NEW.client_id, NEW.reversal_of, NEW.recorded_at);
        RETURN NULL;
      END $$`)
    await trx.raw(`CREATE TRIGGER ledger_entry_keys_record AFTER INSERT ON ledger_entries
      FOR EACH ROW EXECUTE FUNCTION ledger_entry_keys_record()`)
    for (const trigger of old.triggers) await trx.raw(trigger)
    await trx.raw('ANALYZE ledger_entries')
    await trx.raw('ANALYZE ledger_entry_keys')
    return result(true, rowCount ?? 0, created)
  })
}

type LedgerShape = {
  /** CREATE INDEX statements of the indexes that back no constraint. */
  indexes: string[]
  /** `name FOREIGN KEY …` of its foreign keys to other tables. */
  outgoing: string[]
  /** Foreign keys of other tables to it. */
  incoming: { table: string; name: string; definition: string }[]
  triggers: string[]
}

/** What the unpartitioned ledger has that the partitioned one must have again. */
const describeLedger = async (trx: Knex): Promise<LedgerShape> => {
  const { rows: views } = await trx.raw<{ rows: { view: string }[] }>(
    `SELECT view_name AS view FROM information_schema.view_table_usage
      WHERE table_schema = 'public' AND table_name = 'ledger_entries'`,
  )
  if (views.length > 0)
    throw new Error(`views read ledger_entries (${views.map((v) => v.view)}): drop them first`)
  const { rows: unique } = await trx.raw<{ rows: { name: string }[] }>(
    `SELECT i.indexrelid::regclass::text AS name FROM pg_index i
      WHERE i.indrelid = 'ledger_entries'::regclass AND i.indisunique AND NOT i.indisprimary
        AND i.indexrelid::regclass::text NOT IN
            ('ledger_entries_merchant_id_client_id_unique', 'ledger_entries_reversal_of_unique')`,
  )
  if (unique.length > 0)
    throw new Error(`unknown unique keys on ledger_entries (${unique.map((u) => u.name)})`)
  const indexes = await trx.raw<{ rows: { def: string }[] }>(
    `SELECT replace(pg_get_indexdef(i.indexrelid), 'ledger_entries_unpartitioned', 'ledger_entries') AS def
       FROM pg_index i
      WHERE i.indrelid = 'ledger_entries'::regclass AND NOT i.indisunique`,
  )
  const outgoing = await trx.raw<{ rows: { def: string }[] }>(
    `SELECT quote_ident(conname) || ' ' || pg_get_constraintdef(oid) AS def FROM pg_constraint
      WHERE conrelid = 'ledger_entries'::regclass AND contype = 'f'
        AND confrelid <> 'ledger_entries'::regclass`,
  )
  const incoming = await trx.raw<{ rows: { table: string; name: string; definition: string }[] }>(
    `SELECT quote_ident(conrelid::regclass::text) AS table, quote_ident(conname) AS name,
            pg_get_constraintdef(oid) AS definition
       FROM pg_constraint
      WHERE confrelid = 'ledger_entries'::regclass AND contype = 'f'
        AND conrelid <> 'ledger_entries'::regclass`,
  )
  const triggers = await trx.raw<{ rows: { def: string }[] }>(
    `SELECT pg_get_triggerdef(oid) AS def FROM pg_trigger
      WHERE tgrelid = 'ledger_entries'::regclass AND NOT tgisinternal`,
  )
  return {
    indexes: indexes.rows.map((r) => r.def),
    outgoing: outgoing.rows.map((r) => r.def),
    incoming: incoming.rows,
    triggers: triggers.rows.map((r) => r.def),
  }
}
