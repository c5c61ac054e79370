/**
 * Every error a cashier, customer, merchant or script can meet: a stable code, an HTTP status,
 * and the shape of its details. Each surface shows the code in its own language
 * (locales/<lng>/errors.json has one message per code, with the details as variables).
 */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 422,
  INVALID_CARD_NUMBER: 422,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  CSRF_TOKEN_INVALID: 403,
  CROSS_ORIGIN_REQUEST: 403,
  PASSWORD_TOO_SHORT: 422,
  PASSWORD_TOO_LONG: 422,
  PASSWORD_RESET_INVALID: 404,
  PASSWORD_RESET_EXPIRED: 410,
  INVITATION_INVALID: 404,
  INVITATION_EXPIRED: 410,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CARD_NOT_FOUND: 404,
  CUSTOMER_NOT_FOUND: 404,
  STORE_NOT_FOUND: 404,
  REWARD_NOT_FOUND: 404,
  CATEGORY_NOT_FOUND: 404,
  ENTRY_NOT_FOUND: 404,
  CARD_BLOCKED: 409,
  PROGRAM_INACTIVE: 409,
  PROGRAM_TYPE_MISMATCH: 409,
  POINTS_COOLDOWN: 429,
  STAMP_COOLDOWN: 429,
  DAILY_CAP_REACHED: 409,
  INSUFFICIENT_POINTS: 409,
  INSUFFICIENT_STAMPS: 409,
  REWARD_INACTIVE: 409,
  ALREADY_REVERSED: 409,
  NOT_REVERSIBLE: 409,
  UNDO_WINDOW_PASSED: 409,
  IDEMPOTENCY_CONFLICT: 409,
  DEVICE_REVOKED: 401,
  PAIRING_CODE_INVALID: 404,
  PAIRING_CODE_EXPIRED: 410,
  STAFF_NOT_FOUND: 404,
  PIN_INVALID_FORMAT: 422,
  PIN_TOO_WEAK: 422,
  PIN_LOCKED: 423,
  CARD_NUMBER_NOT_RESERVED: 409,
  OFFLINE_TOO_LONG: 409,
  OFFLINE_REDEMPTION_LIMIT: 409,
  OFFLINE_CARD_NUMBERS_EXHAUSTED: 409,
  KIOSK_NOT_PAIRED: 409,
  KIOSK_ALREADY_PAIRED: 409,
  KIOSK_LOCKED: 423,
  KIOSK_OFFLINE: 503,
  PIN_INVALID: 401,
  PIN_NOT_SET: 409,
  BRIDGE_UNAVAILABLE: 503,
  BRIDGE_INVALID_RESPONSE: 502,
  CONFLICT: 409,
  EDIT_CONFLICT: 409,
  PROGRAMME_HAS_MEMBERS: 409,
  PROGRAMME_TERMS_REQUIRED: 409,
  REWARD_IN_USE: 409,
  LAST_OWNER: 409,
  RATE_LIMITED: 429,
  INTERNAL_ERROR: 500,
  SERVICE_UNAVAILABLE: 503,
  /** The request body cannot be decoded (not the compression it claims, an unknown charset). */
  INVALID_BODY: 400,
  /** The API path exists but not with this method (the answer carries `Allow`). */
  METHOD_NOT_ALLOWED: 405,
  /** Someone decided this review item already (applied or dismissed): it is decided once. */
  REVIEW_ALREADY_DECIDED: 409,
  /** The second factor's code (TOTP or recovery code) is wrong, or was used already. */
  SECOND_FACTOR_INVALID: 401,
  /** The last active platform admin cannot be deactivated. */
  LAST_ADMIN: 409,
  /** The platform suspended the merchant: its storefront, kiosks and API keys wait (nothing is lost). */
  MERCHANT_SUSPENDED: 403,
  /** The store is closed: its storefront says so, its kiosks take no operations, its history stays. */
  STORE_CLOSED: 409,
  /** Someone acknowledged this alert already: it is acknowledged once. */
  ALERT_ALREADY_ACKNOWLEDGED: 409,
} as const satisfies Record<string, number>

export type ErrorCode = keyof typeof ERROR_STATUS

export const ERROR_CODES = Object.keys(ERROR_STATUS) as ErrorCode[]

/** The details each code carries; codes not listed carry none. */
export type ErrorDetails = {
  VALIDATION_FAILED: { fields: FieldError[] }
  POINTS_COOLDOWN: CooldownDetails
  STAMP_COOLDOWN: CooldownDetails
  DAILY_CAP_REACHED: { daily_cap: number; earned_today: number }
  INSUFFICIENT_POINTS: { balance: number; cost: number }
  INSUFFICIENT_STAMPS: { balance: number; cost: number }
  PROGRAM_TYPE_MISMATCH: { expected: 'points' | 'stamps'; actual: 'points' | 'stamps' }
  ALREADY_REVERSED: { entry_id: string; reversed_by: string | null }
  UNDO_WINDOW_PASSED: { undo_window_minutes: number }
  RATE_LIMITED: { retry_at: string; retry_after_seconds: number }
  PASSWORD_TOO_SHORT: { min_length: number }
  PASSWORD_TOO_LONG: { max_length: number }
  PIN_INVALID_FORMAT: { min_length: number; max_length: number }
  PIN_TOO_WEAK: { reason: 'same_digit' | 'sequence' | 'repeated_pattern' | 'common' }
  OFFLINE_TOO_LONG: { max_offline_minutes: number }
  OFFLINE_REDEMPTION_LIMIT: { limit: number; cost: number }
  /** Someone saved the thing since it was loaded: `version` is what the caller edited. */
  EDIT_CONFLICT: {
    subject:
      | 'programme'
      | 'reward'
      | 'category'
      | 'merchant'
      | 'merchant_user'
      | 'staff'
      | 'store'
      | 'customer'
      | 'review_item'
      | 'platform'
      | 'alert'
      | 'google_wallet_settings'
      | 'webhook_endpoint'
    id: string
    version: number
    current_version: number
  }
  PROGRAMME_HAS_MEMBERS: { members: number }
  /** The languages whose terms are missing (the default languages of the merchant's stores). */
  PROGRAMME_TERMS_REQUIRED: { languages: string[] }
  REWARD_IN_USE: { reward_id: string; entries: number }
  INVALID_BODY: { reason: 'content_encoding' | 'charset' }
  METHOD_NOT_ALLOWED: { allow: string[] }
  REVIEW_ALREADY_DECIDED: { decision: 'applied' | 'dismissed'; decided_at: string }
  ALERT_ALREADY_ACKNOWLEDGED: { acknowledged_at: string }
}

export type CooldownDetails = { cooldown_minutes: number; retry_at: string }

/** One invalid field: a dotted path and a machine code (`too_small`, `invalid_format`, …). */
export type FieldError = { path: string; code: string }

export type DetailsOf<C extends ErrorCode> = C extends keyof ErrorDetails
  ? ErrorDetails[C]
  : Record<string, unknown>

/** The JSON body of every API error. */
export type ErrorBody = {
  error: { code: ErrorCode; message: string; details: Record<string, unknown>; request_id?: string }
}

export const isErrorCode = (value: unknown): value is ErrorCode =>
  typeof value === 'string' && Object.hasOwn(ERROR_STATUS, value)
