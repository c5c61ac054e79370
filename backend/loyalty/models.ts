import type { ModelObject } from 'objection'
import { BaseModel } from '../db/base-model.ts'
import type { LocalizedText } from '../../shared/languages.ts'
import type { LedgerEntryType } from '../../shared/schemas/loyalty-api.ts'

export type ProgrammeType = 'points' | 'stamps'
export type ProgrammeStatus = 'draft' | 'active' | 'paused'

export class Programme extends BaseModel {
  static override tableName = 'programmes'
  static override jsonAttributes = ['name', 'terms']
  declare merchant_id: string
  declare type: ProgrammeType
  declare name: LocalizedText
  declare terms: LocalizedText
  declare terms_url: string | null
  declare points_per_currency_unit: number
  declare stamps_required: number | null
  declare welcome_bonus: number
  declare cooldown_minutes: number
  declare daily_cap: number | null
  declare expiry_months: number | null
  declare status: ProgrammeStatus
  /** Optimistic version: bumped by every update (backend/db/versioned-update.ts). */
  declare version: number
  declare created_at: Date
  declare updated_at: Date
}

export class Reward extends BaseModel {
  static override tableName = 'rewards'
  static override jsonAttributes = ['name', 'description']
  declare merchant_id: string
  declare programme_id: string
  declare name: LocalizedText
  declare description: LocalizedText
  declare cost: number
  declare active: boolean
  declare position: number
  declare version: number
}

export class TransactionCategory extends BaseModel {
  static override tableName = 'transaction_categories'
  static override jsonAttributes = ['name']
  declare merchant_id: string
  declare store_id: string | null
  declare code: string
  declare name: LocalizedText
  declare active: boolean
  declare position: number
}

export class Card extends BaseModel {
  static override tableName = 'cards'
  declare number: string
  declare merchant_id: string
  declare customer_id: string
  declare programme_id: string
  declare status: 'active' | 'blocked'
  declare points_balance: number
  declare stamps_balance: number
  declare lifetime_points: number
  declare lifetime_stamps: number
  declare enrolled_store_id: string | null
  declare enroll_client_id: string | null
  declare enroll_request_hash: string | null
  declare last_earn_at: Date | null
  declare last_activity_at: Date
  declare created_at: Date
  declare updated_at: Date
}

export type LedgerStatus = 'applied' | 'review' | 'reversed'

export class LedgerEntry extends BaseModel {
  static override tableName = 'ledger_entries'
  static override jsonAttributes = ['metadata']
  declare merchant_id: string
  declare card_id: string
  declare type: LedgerEntryType
  declare points_delta: number
  declare stamps_delta: number
  declare points_balance_after: number | null
  declare stamps_balance_after: number | null
  declare amount_cents: number | null
  declare currency: string | null
  declare category_id: string | null
  declare reward_id: string | null
  declare store_id: string | null
  declare device_id: string | null
  declare staff_id: string | null
  declare api_key_id: string | null
  declare reason: string | null
  declare client_id: string
  declare request_hash: string
  declare occurred_at: Date
  declare recorded_at: Date
  declare status: LedgerStatus
  declare reversal_of: string | null
  declare metadata: Record<string, unknown>

  // The ledger is append-only; updated_at does not exist on it.
  override $beforeUpdate() {}
}

/** Plain rows (what raw queries return, and what presenters accept). */
export type CardRow = ModelObject<Card>
export type ProgrammeRow = ModelObject<Programme>
export type RewardRow = ModelObject<Reward>
export type LedgerEntryRow = ModelObject<LedgerEntry>
