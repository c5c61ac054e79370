import type { SqliteDatabase } from './encrypted-database.ts'

// The kiosk's copy of the merchant's cards, one typed row per card (migration 2): a chain's
// kiosk carries hundreds of thousands (decision 85), and a JSON document per card with its kind,
// a timestamp and field names cost ≈ 516 bytes a card on disk; typed columns, ids as 16 bytes and
// times as integers cost about a quarter of that (decision 93). Read back as the object the sync
// wrote (CardSnapshot, or a provisional LocalCard), so callers see no difference.

/** A card as the sync writes it and the kiosk reads it (CardSnapshot / LocalCard fields). */
export type StoredCard = {
  id: string
  number: string
  status: 'active' | 'blocked'
  programme_id: string
  points_balance: number
  stamps_balance: number
  last_earn_at: string | null
  customer_name: string | null
  preferred_language: string | null
  last_activity_at?: string | null | undefined
  home?: boolean | undefined
  provisional?: boolean | undefined
}

type CardRow = {
  number: string
  id: Buffer | string
  programme_id: Buffer | string
  status: number
  points_balance: number
  stamps_balance: number
  last_earn_at: number | null
  customer_name: string | null
  preferred_language: string | null
  last_activity_at: number | null
  home: number | null
  provisional: number
}

export const CREATE_CARDS_TABLE = `
  CREATE TABLE cards (
    number TEXT NOT NULL PRIMARY KEY,
    id ANY NOT NULL,
    programme_id ANY NOT NULL,
    status INTEGER NOT NULL,
    points_balance INTEGER NOT NULL,
    stamps_balance INTEGER NOT NULL,
    last_earn_at INTEGER,
    customer_name TEXT,
    preferred_language TEXT,
    last_activity_at INTEGER,
    home INTEGER,
    provisional INTEGER NOT NULL DEFAULT 0
  ) STRICT, WITHOUT ROWID`

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/** A UUID as its 16 bytes; anything else (a provisional id) as it is. */
const packId = (id: string): Buffer | string =>
  UUID.test(id) ? Buffer.from(id.replaceAll('-', ''), 'hex') : id

const unpackId = (id: Buffer | string): string => {
  if (typeof id === 'string') return id
  const hex = id.toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

// Times arrive as toISOString() text (backend/kiosks/presenters.ts): milliseconds round-trip.
const packTime = (at: string | null | undefined) => (at ? Date.parse(at) : null)
const unpackTime = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())

const STATUSES = ['active', 'blocked'] as const

const pack = (card: StoredCard): CardRow => ({
  number: card.number,
  id: packId(card.id),
  programme_id: packId(card.programme_id),
  status: Math.max(0, STATUSES.indexOf(card.status)),
  points_balance: card.points_balance,
  stamps_balance: card.stamps_balance,
  last_earn_at: packTime(card.last_earn_at),
  customer_name: card.customer_name,
  preferred_language: card.preferred_language,
  last_activity_at: packTime(card.last_activity_at),
  home: card.home === undefined ? null : card.home ? 1 : 0,
  provisional: card.provisional ? 1 : 0,
})

const unpack = (row: CardRow): StoredCard => ({
  id: unpackId(row.id),
  number: row.number,
  status: STATUSES[row.status] ?? 'active',
  programme_id: unpackId(row.programme_id),
  points_balance: row.points_balance,
  stamps_balance: row.stamps_balance,
  last_earn_at: unpackTime(row.last_earn_at),
  customer_name: row.customer_name,
  preferred_language: row.preferred_language,
  ...(row.last_activity_at !== null ? { last_activity_at: unpackTime(row.last_activity_at) } : {}),
  ...(row.home !== null ? { home: row.home === 1 } : {}),
  ...(row.provisional ? { provisional: true } : {}),
})

export type CardCopy = {
  put(cards: readonly StoredCard[]): void
  get(number: string): StoredCard | null
  list(): StoredCard[]
  numbers(): string[]
  delete(number: string): boolean
  /**
   * Deletes the cards last active before `before` that are neither of this kiosk's store nor
   * made up by an offline enrollment nor named by an operation waiting to be sent (decision 93).
   * Cards whose activity the server did not send (an older copy) are kept. Returns how many.
   */
  prune(before: Date): number
}

export const createCardCopy = (db: SqliteDatabase): CardCopy => {
  const upsert = db.prepare<CardRow>(
    `INSERT INTO cards (number, id, programme_id, status, points_balance, stamps_balance,
       last_earn_at, customer_name, preferred_language, last_activity_at, home, provisional)
     VALUES (@number, @id, @programme_id, @status, @points_balance, @stamps_balance,
       @last_earn_at, @customer_name, @preferred_language, @last_activity_at, @home, @provisional)
     ON CONFLICT (number) DO UPDATE SET id = excluded.id, programme_id = excluded.programme_id,
       status = excluded.status, points_balance = excluded.points_balance,
       stamps_balance = excluded.stamps_balance, last_earn_at = excluded.last_earn_at,
       customer_name = excluded.customer_name, preferred_language = excluded.preferred_language,
       last_activity_at = excluded.last_activity_at, home = excluded.home,
       provisional = excluded.provisional`,
  )
  const one = db.prepare<[string], CardRow>('SELECT * FROM cards WHERE number = ?')
  const all = db.prepare<[], CardRow>('SELECT * FROM cards ORDER BY number')
  const numbers = db.prepare<[], string>('SELECT number FROM cards ORDER BY number').pluck()
  const remove = db.prepare<[string]>('DELETE FROM cards WHERE number = ?')
  const prune = db.prepare<[number]>(
    `DELETE FROM cards
      WHERE last_activity_at < ? AND home = 0 AND provisional = 0
        AND number NOT IN (SELECT payload ->> '$.payload.card_number' FROM outbox
                            WHERE status = 'pending'
                              AND payload ->> '$.payload.card_number' IS NOT NULL)`,
  )
  return {
    put: db.transaction((cards: readonly StoredCard[]) => {
      for (const card of cards) upsert.run(pack(card))
    }),
    get: (number) => {
      const row = one.get(number)
      return row ? unpack(row) : null
    },
    list: () => all.all().map(unpack),
    numbers: () => numbers.all(),
    delete: (number) => remove.run(number).changes > 0,
    prune: (before) => prune.run(before.getTime()).changes,
  }
}
