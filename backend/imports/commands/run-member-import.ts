import { createHash } from 'node:crypto'
import type { Knex } from 'knex'
import { randomCardNumber } from '../../../shared/card-number.ts'
import type { Actor } from '../../auth/actor.ts'
import { recordAudit } from '../../audit/record-audit.ts'
import { queueEnrollmentEmails } from '../../email/triggers/enrollment-emails.ts'
import { appendEntries, movementHash } from '../../loyalty/ledger.ts'
import type { CardRow, ProgrammeRow } from '../../loyalty/models.ts'
import type { StoreRow } from '../../tenancy/models.ts'
import { readMemberImport, type ImportLine } from '../member-import-file.ts'

/** Lines per transaction: many cards per commit, and a progress step the page can show. */
export const IMPORT_BATCH = 1_000

/**
 * Batches written at once, on as many connections: a batch is PostgreSQL's work (index entries,
 * key checks), so two keep two cores busy where one waits on the other (docs/decisions.md 89).
 */
export const IMPORT_PARALLEL = 2

/** A stable UUID from the import's file and line: the idempotency key of what the line writes. */
export const lineKey = (purpose: string, fileHash: string, line: number) => {
  const hex = createHash('sha256').update(`${purpose}:${fileHash}:${line}`).digest('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}

type ImportContext = {
  merchantId: string
  fileHash: string
  actor: Actor
  programme: ProgrammeRow
  store: StoreRow
  sendWelcome: boolean
}

type NewCustomer = {
  id: string
  email_key: string
  email: string
  name: string | null
  preferred_language: string
}

const INSERT_CUSTOMERS = `
  INSERT INTO customers (merchant_id, email, name, phone, birthday, preferred_language,
    marketing_consent, marketing_consent_at)
  SELECT :merchantId, x.email, x.name, x.phone, x.birthday, coalesce(x.language, :language),
         x.consent, CASE WHEN x.consent THEN now() END
    FROM jsonb_to_recordset(:lines::jsonb)
      AS x(email text, name text, phone text, birthday date, language text, consent boolean)
  ON CONFLICT (merchant_id, lower(email)) DO NOTHING
  RETURNING id, lower(email) AS email_key, email, name, preferred_language`

// A number nobody has (not a card, not reserved for a kiosk); a rare collision is retried.
const INSERT_CARDS = `
  INSERT INTO cards (number, merchant_id, customer_id, programme_id, enrolled_store_id,
    enroll_client_id, enroll_request_hash)
  SELECT x.number, :merchantId, x.customer_id, :programmeId, :storeId, x.client_id, x.hash
    FROM jsonb_to_recordset(:cards::jsonb) AS x(number text, customer_id uuid, client_id uuid, hash text)
   WHERE NOT EXISTS (SELECT 1 FROM card_number_reservations r WHERE r.number = x.number)
  ON CONFLICT DO NOTHING
  RETURNING *`

/**
 * One batch in one transaction of a few set-based statements: the customers (a member already
 * present is skipped), their cards, and the opening balances, each one `adjust` with reason
 * "import" written by the ledger's batch append (`appendEntries`: the single path's rules,
 * balances, lifetime totals, effects and client ids, for every card in one statement). The new
 * cards are held by this transaction already, so the ledger needs no lock statement for them.
 */
const importBatch = async (
  trx: Knex.Transaction,
  context: ImportContext,
  lines: ImportLine[],
): Promise<{ imported: number; skipped: number }> => {
  const { rows: customers } = await trx.raw<{ rows: NewCustomer[] }>(INSERT_CUSTOMERS, {
    merchantId: context.merchantId,
    language: context.store.default_language,
    lines: JSON.stringify(
      lines.map((l) => ({
        email: l.email,
        name: l.name,
        phone: l.phone,
        birthday: l.birthday,
        language: l.language,
        consent: l.consent,
      })),
    ),
  })
  const byEmail = new Map(lines.map((l) => [l.email.toLowerCase(), l]))
  const pending = new Map(customers.map((c) => [c.id, c]))
  const cards: CardRow[] = []
  for (let attempt = 0; pending.size > 0 && attempt < 5; attempt++) {
    const { rows } = await trx.raw<{ rows: CardRow[] }>(INSERT_CARDS, {
      merchantId: context.merchantId,
      programmeId: context.programme.id,
      storeId: context.store.id,
      cards: JSON.stringify(
        [...pending.values()].map((c) => {
          const line = byEmail.get(c.email_key)!.line
          return {
            number: randomCardNumber(),
            customer_id: c.id,
            client_id: lineKey('enroll', context.fileHash, line),
            hash: `import:${context.fileHash}:${line}`,
          }
        }),
      ),
    })
    for (const card of rows) {
      pending.delete(card.customer_id)
      cards.push(card)
    }
  }
  if (pending.size > 0) throw new Error('could not allocate card numbers for an import batch')

  const [{ now }] = (await trx.raw<{ rows: { now: Date }[] }>('SELECT now()')).rows as [
    { now: Date },
  ]
  const customerOf = new Map(customers.map((c) => [c.id, c]))
  const lineOf = (card: CardRow) => byEmail.get(customerOf.get(card.customer_id)!.email_key)!
  // The opening balances: one `adjust` with reason "import" per card, all in one statement by
  // the ledger's rules and effects (appendEntries). The cards are this transaction's, new and
  // empty: no lock, no rule of a movement (cooldown, daily cap) that an adjustment obeys.
  await appendEntries(
    trx,
    cards.flatMap((card) => {
      const line = lineOf(card)
      if (line.openingBalance <= 0) return []
      const points = context.programme.type === 'points' ? line.openingBalance : 0
      const stamps = context.programme.type === 'stamps' ? line.openingBalance : 0
      const payload = { points_delta: points, stamps_delta: stamps, reason: 'import' }
      return [
        {
          context: { card, store: null, at: now },
          plan: {
            type: 'adjust' as const,
            pointsDelta: points,
            stampsDelta: stamps,
            reason: 'import',
          },
          meta: {
            clientId: lineKey('opening_balance', context.fileHash, line.line),
            requestHash: movementHash({
              operation: 'adjust',
              card: { number: card.number },
              storeCode: null,
              payload,
            }),
            actor: context.actor,
            deviceId: null,
            staffId: null,
          },
        },
      ]
    }),
  )
  if (context.sendWelcome)
    for (const card of cards)
      await queueEnrollmentEmails(trx, {
        card,
        customer: customerOf.get(card.customer_id)!,
        store: context.store,
        programme: context.programme,
        welcomeBonus: 0,
      })
  return { imported: cards.length, skipped: lines.length - cards.length }
}

const fail = (db: Knex, merchantId: string, importId: string, error: string) =>
  db('member_imports')
    .where({ merchant_id: merchantId, id: importId })
    .update({ status: 'failed', error, finished_at: db.fn.now() })

/**
 * The job of an import the merchant started (`members:import`): the file read again from the
 * database, its valid lines imported in batches after `next_line` (a retried job resumes), the
 * counts moved in each batch's transaction, the import marked done and audited with its counts.
 */
export const runMemberImport = async (
  db: Knex,
  props: { merchantId: string; importId: string },
): Promise<{ imported: number; skipped: number } | null> => {
  const where = { merchant_id: props.merchantId, id: props.importId }
  const row = await db('member_imports').where(where).first()
  if (!row || row.status === 'done' || row.status === 'failed') return null
  await db('member_imports')
    .where(where)
    .update({ status: 'running', started_at: db.raw('coalesce(started_at, now())') })
  const [programme, store] = await Promise.all([
    db('programmes').where({ merchant_id: props.merchantId, status: 'active' }).first(),
    db('stores').where({ merchant_id: props.merchantId, id: row.store_id }).first(),
  ])
  if (!programme) {
    await fail(db, props.merchantId, props.importId, 'PROGRAM_INACTIVE')
    return null
  }
  const parsed = await readMemberImport(row.content as Buffer, async () => new Set())
  if (!parsed.ok) {
    await fail(db, props.merchantId, props.importId, parsed.error)
    return null
  }
  const context: ImportContext = {
    merchantId: props.merchantId,
    fileHash: row.file_hash,
    actor: { type: 'merchant_user', id: row.created_by_id, merchantId: props.merchantId },
    programme,
    store,
    sendWelcome: row.send_welcome,
  }
  // The lines the dry run accepted (one it refused as already a member stays out; one who
  // became a member since is skipped by the insert).
  const refused = new Set((row.problems as { line: number }[]).map((p) => p.line))
  const lines = parsed.lines.filter((l) => l.line > row.next_line && !refused.has(l.line))
  // IMPORT_PARALLEL batches at a time, each in its own transaction; a batch records its
  // progress only after the one before it committed, so `next_line` still means "every line up
  // to here is in" (a retried job resumes there; a line written twice is skipped, not doubled).
  // A failed batch fails the ones after it (they wait on it), and the job.
  const running = new Set<Promise<void>>()
  let previous: Promise<void> = Promise.resolve()
  try {
    for (let start = 0; start < lines.length; start += IMPORT_BATCH) {
      const batch = lines.slice(start, start + IMPORT_BATCH)
      const before = previous
      const step: Promise<void> = db.transaction(async (trx) => {
        const done = await importBatch(trx, context, batch)
        await before
        await trx('member_imports')
          .where(where)
          .update({
            next_line: batch[batch.length - 1]!.line,
            processed: trx.raw('processed + ?', [batch.length]),
            imported: trx.raw('imported + ?', [done.imported]),
            skipped: trx.raw('skipped + ?', [done.skipped]),
          })
      })
      previous = step
      running.add(step)
      const settle = () => void running.delete(step)
      step.then(settle, settle)
      if (running.size >= IMPORT_PARALLEL) await Promise.race(running)
    }
    await previous
  } finally {
    await Promise.allSettled(running)
  }
  const [finished] = await db.transaction(async (trx) => {
    const rows = await trx('member_imports')
      .where(where)
      .update({ status: 'done', finished_at: trx.fn.now(), version: trx.raw('version + 1') })
      .returning(['imported', 'skipped', 'file_name'])
    await recordAudit(trx, {
      actor: context.actor,
      merchantId: props.merchantId,
      action: 'import.finish',
      subjectType: 'member_import',
      subjectId: props.importId,
      data: { imported: rows[0].imported, skipped: rows[0].skipped },
    })
    return rows
  })
  return { imported: finished.imported, skipped: finished.skipped }
}
