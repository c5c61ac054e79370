import type { Language } from '../../shared/languages.ts'
import { missingTermsLanguages } from '../../shared/programme-terms.ts'
import type {
  ProgrammeDetail,
  ProgrammeSettings,
  RewardDetail,
} from '../../shared/schemas/programme-api.ts'
import type { ProgrammeRow, RewardRow } from './models.ts'

export type ProgrammeExtras = {
  members: number
  offlineLimits: ProgrammeSettings['offline_limits']
  /** The default languages of the merchant's open stores: terms are needed in each. */
  storeLanguages: Language[]
}

/** The programme as the merchant page and the API show it: every setting, and its version. */
export const presentProgrammeDetail = (
  programme: ProgrammeRow,
  extras: ProgrammeExtras,
): ProgrammeDetail => ({
  id: programme.id,
  type: programme.type,
  status: programme.status,
  name: programme.name,
  terms: programme.terms,
  terms_url: programme.terms_url,
  points_per_currency_unit: programme.points_per_currency_unit,
  stamps_required: programme.stamps_required,
  welcome_bonus: programme.welcome_bonus,
  cooldown_minutes: programme.cooldown_minutes,
  daily_cap: programme.daily_cap,
  expiry_months: programme.expiry_months,
  offline_limits: {
    max_offline_minutes_for_redemptions: extras.offlineLimits.max_offline_minutes_for_redemptions,
    max_offline_redemption_points: extras.offlineLimits.max_offline_redemption_points,
  },
  members: extras.members,
  missing_terms: missingTermsLanguages(programme, extras.storeLanguages),
  version: programme.version,
  updated_at: new Date(programme.updated_at).toISOString(),
})

/** A reward of the catalogue as the merchant edits it (the kiosk and members see less). */
export const presentRewardDetail = (reward: RewardRow, inUse: boolean): RewardDetail => ({
  id: reward.id,
  programme_id: reward.programme_id,
  name: reward.name,
  description: reward.description,
  cost: reward.cost,
  active: reward.active,
  position: reward.position,
  in_use: inUse,
  version: reward.version,
})
