import type { Queryable } from '../../db/transaction.ts'
import { AppError } from '../../errors.ts'
import type { LocalizedText } from '../../../shared/languages.ts'
import type { CardRow, ProgrammeRow } from '../../loyalty/models.ts'
import type { EntryWithStore } from '../../loyalty/presenters.ts'
import { presentCustomerExport, type CustomerExport, type ExportedCard } from '../presenters.ts'

// Every column of customers except the password hash: whether a password is set is told by
// password_set_at.
const CUSTOMER_COLUMNS = [
  'id',
  'merchant_id',
  'email',
  'name',
  'phone',
  'birthday',
  'preferred_language',
  'marketing_consent',
  'marketing_consent_at',
  'anonymized_at',
  'terms_accepted_at',
  'password_set_at',
  'created_at',
  'updated_at',
]

type CardWithJoins = CardRow & {
  programme_type: ProgrammeRow['type']
  programme_name: LocalizedText
  enrolled_store_code: string | null
  enrolled_store_name: string | null
}

/**
 * Everything held about a customer (GDPR right of access): profile, consents, cards with every
 * ledger entry (oldest first), and the web sessions open in their name. Read in one
 * repeatable-read snapshot, so balances and entries agree.
 */
export const exportCustomerData = async (
  db: Queryable,
  props: { merchantId: string; customerId: string },
): Promise<CustomerExport> => {
  const read = async (trx: Queryable) => {
    const customer = await trx('customers')
      .where({ id: props.customerId, merchant_id: props.merchantId })
      .first(CUSTOMER_COLUMNS)
    if (!customer) throw new AppError('CUSTOMER_NOT_FOUND')
    const [merchant, cardRows, sessions, clock] = await Promise.all([
      trx('merchants').where('id', props.merchantId).first('name'),
      trx('cards as c')
        .join('programmes as p', 'p.id', 'c.programme_id')
        .leftJoin('stores as s', 's.id', 'c.enrolled_store_id')
        .where({ 'c.customer_id': props.customerId, 'c.merchant_id': props.merchantId })
        .orderBy('c.created_at')
        .select(
          'c.*',
          'p.type as programme_type',
          'p.name as programme_name',
          's.code as enrolled_store_code',
          's.name as enrolled_store_name',
        ),
      trx('web_sessions')
        .where({ audience: 'customer', customer_id: props.customerId })
        .where('idle_expires_at', '>', trx.fn.now())
        .orderBy('created_at')
        .select('created_at', 'last_seen_at', 'idle_expires_at', 'ip', 'user_agent'),
      trx.raw<{ rows: { now: Date }[] }>('SELECT now() AS now'),
    ])
    const entries: EntryWithStore[] = cardRows.length
      ? await trx('ledger_entries as e')
          .leftJoin('stores as s', 's.id', 'e.store_id')
          .whereIn(
            'e.card_id',
            cardRows.map((c: { id: string }) => c.id),
          )
          .orderBy([
            { column: 'e.occurred_at', order: 'asc' },
            { column: 'e.recorded_at', order: 'asc' },
            { column: 'e.id', order: 'asc' },
          ])
          .select('e.*', 's.code as store_code', 's.name as store_name')
      : []
    const cards: ExportedCard[] = (cardRows as CardWithJoins[]).map((row) => {
      const { programme_type, programme_name, enrolled_store_code, enrolled_store_name, ...card } =
        row
      return {
        card,
        programme: { id: row.programme_id, type: programme_type, name: programme_name },
        enrolledStore:
          enrolled_store_code !== null
            ? { code: enrolled_store_code, name: enrolled_store_name ?? '' }
            : null,
        entries: entries.filter((entry) => entry.card_id === row.id),
      }
    })
    return presentCustomerExport({
      exportedAt: clock.rows[0]!.now,
      merchantName: merchant?.name ?? '',
      customer,
      cards,
      sessions,
    })
  }
  if (db.isTransaction) return read(db)
  return db.transaction(read, { isolationLevel: 'repeatable read', readOnly: true })
}
