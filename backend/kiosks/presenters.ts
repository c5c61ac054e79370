import type { z } from 'zod'
import type {
  CardSnapshot,
  CategorySnapshot,
  KioskSnapshot,
  ProgrammeSnapshot,
  RewardSnapshot,
  StaffSnapshot,
} from '../../shared/schemas/kiosk-snapshots.ts'
import type { CardRow, ProgrammeRow, RewardRow } from '../loyalty/models.ts'
import type { CustomerRow } from '../accounts/models.ts'
import type { LocalizedText } from '../../shared/languages.ts'
import type { MerchantKioskSettings } from './merchant-settings.ts'

// What the sync pull sends a kiosk (shared/schemas/kiosk-snapshots.ts): rows → the shared
// snapshot shapes, field by field, so a column the kiosk relies on cannot silently go missing.

const iso = (value: Date | null) => (value ? value.toISOString() : null)

export type CardSnapshotRow = Pick<
  CardRow,
  | 'id'
  | 'number'
  | 'status'
  | 'programme_id'
  | 'points_balance'
  | 'stamps_balance'
  | 'last_earn_at'
  | 'last_activity_at'
> & {
  customer_name: CustomerRow['name']
  preferred_language: CustomerRow['preferred_language']
  /** Enrolled at the kiosk's store. */
  home: boolean
}

export const presentCardSnapshot = (card: CardSnapshotRow): z.input<typeof CardSnapshot> => ({
  id: card.id,
  number: card.number,
  status: card.status,
  programme_id: card.programme_id,
  points_balance: card.points_balance,
  stamps_balance: card.stamps_balance,
  last_earn_at: iso(card.last_earn_at),
  customer_name: card.customer_name,
  preferred_language: card.preferred_language,
  last_activity_at: iso(card.last_activity_at),
  home: card.home,
})

export type ProgrammeSnapshotRow = Pick<
  ProgrammeRow,
  | 'id'
  | 'type'
  | 'name'
  | 'status'
  | 'points_per_currency_unit'
  | 'stamps_required'
  | 'welcome_bonus'
  | 'cooldown_minutes'
  | 'daily_cap'
>

export const presentProgrammeSnapshot = (
  programme: ProgrammeSnapshotRow,
): z.input<typeof ProgrammeSnapshot> => ({
  id: programme.id,
  type: programme.type,
  name: programme.name,
  status: programme.status,
  points_per_currency_unit: programme.points_per_currency_unit,
  stamps_required: programme.stamps_required,
  welcome_bonus: programme.welcome_bonus,
  cooldown_minutes: programme.cooldown_minutes,
  daily_cap: programme.daily_cap,
})

export type RewardSnapshotRow = Pick<RewardRow, 'id' | 'programme_id' | 'name' | 'cost' | 'active'>

export const presentRewardSnapshot = (
  reward: RewardSnapshotRow,
): z.input<typeof RewardSnapshot> => ({
  id: reward.id,
  programme_id: reward.programme_id,
  name: reward.name,
  cost: reward.cost,
  active: reward.active,
})

export type CategorySnapshotRow = { id: string; code: string; name: LocalizedText; active: boolean }

export const presentCategorySnapshot = (
  category: CategorySnapshotRow,
): z.input<typeof CategorySnapshot> => ({
  id: category.id,
  code: category.code,
  name: category.name,
  active: category.active,
})

export type StaffSnapshotRow = {
  id: string
  name: string
  pin_hash: string | null
  pin_changed_at: Date | null
  locked: boolean
}

export const presentStaffSnapshot = (staff: StaffSnapshotRow): z.input<typeof StaffSnapshot> => ({
  id: staff.id,
  name: staff.name,
  pin_hash: staff.pin_hash,
  locked: staff.locked,
  pin_changed_at: iso(staff.pin_changed_at),
})

/** The kiosk's own state and the merchant's rules for its kiosks (offline limits, idle lock). */
export const presentKioskSnapshot = (
  status: 'pending' | 'active' | 'revoked',
  settings: MerchantKioskSettings,
): z.input<typeof KioskSnapshot> => ({
  status,
  offline_limits: {
    max_offline_minutes_for_redemptions: settings.max_offline_minutes_for_redemptions,
    max_offline_redemption_points: settings.max_offline_redemption_points,
  },
  idle_lock_minutes: settings.idle_lock_minutes,
})
