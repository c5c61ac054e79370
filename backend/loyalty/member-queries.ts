import type { Knex } from 'knex'
import type { LocalizedText } from '../../shared/languages.ts'
import type { CardDetail, LedgerEntryView } from '../../shared/schemas/loyalty-api.ts'
import { AppError } from '../errors.ts'
import type { ProgrammeRow } from './models.ts'
import { loadCardDetail, loadCardHistory } from './queries.ts'
import type { StoreView } from '../tenancy/presenters.ts'
import { listActiveStores } from '../tenancy/queries/list-active-stores.ts'

/** The member's card at this merchant (one per customer and merchant). */
export const memberCard = async (
  db: Knex,
  merchantId: string,
  customerId: string,
): Promise<{
  id: string
  number: string
  status: 'active' | 'blocked'
  programme_type: ProgrammeRow['type']
}> => {
  const card = await db('cards as c')
    .join('programmes as p', 'p.id', 'c.programme_id')
    .where({ 'c.merchant_id': merchantId, 'c.customer_id': customerId })
    .first('c.id', 'c.number', 'c.status', 'p.type as programme_type')
  if (!card) throw new AppError('CARD_NOT_FOUND')
  return card
}

export type AccountOverview = { card: CardDetail; stores: StoreView[] }

/** What the account page shows: the card (balance, rewards, next reward) and the stores. */
export const loadAccountOverview = async (
  db: Knex,
  merchantId: string,
  customerId: string,
): Promise<AccountOverview> => {
  const [card, stores] = await Promise.all([
    loadCardDetail(db, merchantId, { customerId }),
    listActiveStores(db, merchantId),
  ])
  return { card, stores }
}

export const HISTORY_PAGE_SIZE = 20

export type HistoryPageData = {
  programmeType: ProgrammeRow['type']
  entries: LedgerEntryView[]
  meta: { page: number; per_page: number; total: number; total_pages: number }
  /** Names of the merchant's rewards (inactive ones too: they were redeemed when active). */
  rewardNames: Record<string, LocalizedText>
}

/** One page of the member's card history, newest first, with store and reward names. */
export const loadMemberHistory = async (
  db: Knex,
  merchantId: string,
  customerId: string,
  page: number,
): Promise<HistoryPageData> => {
  const card = await memberCard(db, merchantId, customerId)
  const [history, rewards] = await Promise.all([
    loadCardHistory(db, card.id, { page, per_page: HISTORY_PAGE_SIZE }),
    db('rewards').where('merchant_id', merchantId).select('id', 'name'),
  ])
  return {
    programmeType: card.programme_type,
    entries: history.data,
    meta: history.meta,
    rewardNames: Object.fromEntries(
      rewards.map((r: { id: string; name: LocalizedText }) => [r.id, r.name]),
    ),
  }
}

/** The merchant's live programme as a visitor about to join sees it (none: not taking members). */
export type JoinableProgramme = {
  name: LocalizedText
  terms: LocalizedText
  termsUrl: string | null
}

export const findJoinableProgramme = async (
  db: Knex,
  merchantId: string,
): Promise<JoinableProgramme | null> => {
  const row = await db('programmes')
    .where({ merchant_id: merchantId, status: 'active' })
    .first<{ name: LocalizedText; terms: LocalizedText; terms_url: string | null } | undefined>(
      'name',
      'terms',
      'terms_url',
    )
  return row ? { name: row.name, terms: row.terms, termsUrl: row.terms_url } : null
}

/** A new member's card as the join answer shows it: its number and the welcome bonus it got. */
export const findNewMemberCard = async (
  db: Knex,
  customerId: string,
): Promise<{ number: string; welcomeBonus: number } | null> => {
  const card = await db('cards as c')
    .leftJoin('ledger_entries as e', (join) =>
      join.on('e.card_id', 'c.id').andOnVal('e.type', 'welcome_bonus'),
    )
    .where('c.customer_id', customerId)
    .first<{ number: string; bonus: number | null } | undefined>(
      'c.number',
      db.raw('e.points_delta + e.stamps_delta AS bonus'),
    )
  return card ? { number: card.number, welcomeBonus: card.bonus ?? 0 } : null
}
