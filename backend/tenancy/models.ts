import type { ModelObject } from 'objection'
import { BaseModel } from '../db/base-model.ts'
import type { Language, LocalizedText } from '../../shared/languages.ts'

export class Platform extends BaseModel {
  static override tableName = 'platforms'
  declare code: string
  declare name: string
  declare base_domain: string
  declare default_language: Language
  declare support_email: string | null
  declare sender_name: string | null
  declare version: number
  declare created_at: Date
  declare updated_at: Date
}

export class Merchant extends BaseModel {
  static override tableName = 'merchants'
  static override jsonAttributes = ['settings']
  declare platform_id: string
  declare slug: string
  declare name: string
  declare default_language: Language
  declare status: 'active' | 'suspended'
  declare settings: Record<string, unknown>
  declare country: string | null
  declare currency: string
  declare suspended_at: Date | null
  declare suspension_reason: string | null
  declare version: number
  declare created_at: Date
  declare updated_at: Date
}

export class Store extends BaseModel {
  static override tableName = 'stores'
  static override jsonAttributes = ['description']
  declare merchant_id: string
  declare code: string
  declare name: string
  declare subdomain: string | null
  declare custom_domain: string | null
  declare description: LocalizedText
  declare address_line1: string | null
  declare address_line2: string | null
  declare postal_code: string | null
  declare city: string | null
  declare country: string | null
  declare timezone: string
  declare default_language: Language
  declare currency: string
  declare logo_url: string | null
  declare brand_color: string | null
  declare phone: string | null
  /** The logo's key in store_logos (logo_url is its hashed path); null: none or an outside URL. */
  declare logo_sha256: string | null
  declare active: boolean
  declare version: number
  declare created_at: Date
  declare updated_at: Date
}

export type PlatformRow = ModelObject<Platform>
export type MerchantRow = ModelObject<Merchant>
export type StoreRow = ModelObject<Store>
