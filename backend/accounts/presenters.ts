import type { LocalizedText } from '../../shared/languages.ts'
import type { Language } from '../../shared/languages.ts'
import type { CustomerView, LedgerEntryView } from '../../shared/schemas/loyalty-api.ts'
import type {
  MerchantRole,
  SessionAdmin,
  SessionCustomer,
  SessionMerchantUser,
} from './accounts.ts'
import type { CustomerRow } from './models.ts'
import type { CardRow, ProgrammeRow } from '../loyalty/models.ts'
import { presentCustomer, presentLedgerEntry, type EntryWithStore } from '../loyalty/presenters.ts'

const iso = (value: Date | string | null): string | null =>
  value === null ? null : new Date(value).toISOString()

/** The columns of a customer that the pages of a signed-in member read. */
export type SessionCustomerRow = {
  id: string
  merchant_id: string
  /** Never null for a customer who can sign in (anonymized customers cannot). */
  email: string
  name: string | null
  preferred_language: Language | null
}

export const presentSessionCustomer = (row: SessionCustomerRow): SessionCustomer => ({
  id: row.id,
  merchantId: row.merchant_id,
  email: row.email,
  name: row.name,
  preferredLanguage: row.preferred_language,
})

/** The columns of a merchant user, with the ids of the stores a manager is limited to. */
export type SessionMerchantUserRow = {
  id: string
  merchant_id: string
  email: string
  name: string
  role: MerchantRole
  preferred_language: Language | null
  store_ids: string[]
}

/** An owner, or a manager without store limits, acts on every store (storeIds null). */
export const presentSessionMerchantUser = (row: SessionMerchantUserRow): SessionMerchantUser => ({
  id: row.id,
  merchantId: row.merchant_id,
  email: row.email,
  name: row.name,
  role: row.role,
  storeIds: row.role === 'owner' || row.store_ids.length === 0 ? null : row.store_ids,
  preferredLanguage: row.preferred_language,
})

export type SessionAdminRow = {
  id: string
  email: string
  name: string
  preferred_language: Language | null
}

export const presentSessionAdmin = (row: SessionAdminRow): SessionAdmin => ({
  id: row.id,
  email: row.email,
  name: row.name,
  preferredLanguage: row.preferred_language,
})

/** A customer row with the web-account columns (never the password hash itself). */
export type ExportedCustomerRow = CustomerRow & {
  password_set_at: Date | null
  terms_accepted_at: Date | null
}

export type ExportedCard = {
  card: CardRow
  programme: Pick<ProgrammeRow, 'id' | 'type' | 'name'>
  enrolledStore: { code: string; name: string } | null
  entries: EntryWithStore[]
}

export type ExportedSession = {
  created_at: Date
  last_seen_at: Date
  idle_expires_at: Date
  ip: string | null
  user_agent: string | null
}

/** Everything held about a customer, as the data export (GDPR access) gives it. */
export type CustomerExport = {
  format: 'rewardflow.customer-export'
  version: 1
  exported_at: string
  merchant: { name: string }
  customer: CustomerView & {
    updated_at: string
    password_set: boolean
    password_set_at: string | null
  }
  consents: {
    terms_accepted_at: string | null
    marketing_consent: boolean
    marketing_consent_at: string | null
  }
  cards: {
    id: string
    number: string
    status: CardRow['status']
    programme: { id: string; type: ProgrammeRow['type']; name: LocalizedText }
    points_balance: number
    stamps_balance: number
    lifetime_points: number
    lifetime_stamps: number
    enrolled_store: { code: string; name: string } | null
    last_earn_at: string | null
    last_activity_at: string
    created_at: string
    entries: LedgerEntryView[]
  }[]
  sessions: {
    count: number
    list: {
      created_at: string
      last_seen_at: string
      expires_at: string
      ip: string | null
      user_agent: string | null
    }[]
  }
}

export const presentCustomerExport = (input: {
  exportedAt: Date
  merchantName: string
  customer: ExportedCustomerRow
  cards: ExportedCard[]
  sessions: ExportedSession[]
}): CustomerExport => {
  const { customer } = input
  return {
    format: 'rewardflow.customer-export',
    version: 1,
    exported_at: input.exportedAt.toISOString(),
    merchant: { name: input.merchantName },
    customer: {
      ...presentCustomer(customer),
      updated_at: iso(customer.updated_at) as string,
      password_set: customer.password_set_at !== null,
      password_set_at: iso(customer.password_set_at),
    },
    consents: {
      terms_accepted_at: iso(customer.terms_accepted_at),
      marketing_consent: customer.marketing_consent,
      marketing_consent_at: iso(customer.marketing_consent_at),
    },
    cards: input.cards.map(({ card, programme, enrolledStore, entries }) => ({
      id: card.id,
      number: card.number,
      status: card.status,
      programme: { id: programme.id, type: programme.type, name: programme.name },
      points_balance: card.points_balance,
      stamps_balance: card.stamps_balance,
      lifetime_points: card.lifetime_points,
      lifetime_stamps: card.lifetime_stamps,
      enrolled_store: enrolledStore,
      last_earn_at: iso(card.last_earn_at),
      last_activity_at: iso(card.last_activity_at) as string,
      created_at: iso(card.created_at) as string,
      entries: entries.map(presentLedgerEntry),
    })),
    sessions: {
      count: input.sessions.length,
      list: input.sessions.map((session) => ({
        created_at: iso(session.created_at) as string,
        last_seen_at: iso(session.last_seen_at) as string,
        expires_at: iso(session.idle_expires_at) as string,
        ip: session.ip,
        user_agent: session.user_agent,
      })),
    },
  }
}
