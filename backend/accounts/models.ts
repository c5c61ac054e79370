import type { ModelObject } from 'objection'
import { BaseModel } from '../db/base-model.ts'
import type { Language } from '../../shared/languages.ts'

export class Customer extends BaseModel {
  static override tableName = 'customers'
  declare merchant_id: string
  declare email: string | null
  declare name: string | null
  declare phone: string | null
  /** 'YYYY-MM-DD' (DATE columns are not turned into JS dates). */
  declare birthday: string | null
  declare preferred_language: Language | null
  declare marketing_consent: boolean
  declare marketing_consent_at: Date | null
  declare anonymized_at: Date | null
  declare created_at: Date
  declare updated_at: Date
}

export type CustomerRow = ModelObject<Customer>
