import type { Knex } from 'knex'
import { missingTermsLanguages } from '../../../shared/programme-terms.ts'
import type {
  ProgrammeDetail,
  ProgrammePatchBody,
  ProgrammeSettings,
} from '../../../shared/schemas/programme-api.ts'
import type { Actor } from '../../auth/actor.ts'
import { audited } from '../../audit/audited.ts'
import { versionedUpdate } from '../../db/versioned-update.ts'
import { AppError } from '../../errors.ts'
import type { ProgrammeRow } from '../models.ts'
import { presentProgrammeDetail } from '../programme-presenters.ts'
import { findMerchantProgramme, programmeExtrasOf } from '../programme-queries.ts'

/** The columns of `programmes` a merchant edits (offline limits live on the merchant). */
const COLUMNS = [
  'type',
  'name',
  'terms',
  'terms_url',
  'points_per_currency_unit',
  'stamps_required',
  'welcome_bonus',
  'cooldown_minutes',
  'daily_cap',
  'expiry_months',
] as const

type Settings = Omit<ProgrammeSettings, 'offline_limits'>

const settingsOf = (row: ProgrammeRow): Settings =>
  Object.fromEntries(COLUMNS.map((column) => [column, row[column]])) as Settings

/**
 * Changes the merchant's programme settings from the version the merchant saw (any subset of
 * the settings). Refused: a type change once the programme has members (PROGRAMME_HAS_MEMBERS),
 * a stamps programme without a number of stamps (VALIDATION_FAILED), and terms that would leave
 * an active or paused programme without terms in a store's language (PROGRAMME_TERMS_REQUIRED).
 * The offline limits are the merchant's kiosk settings (merchants.settings.kiosk), changed in
 * the same transaction. Audited with the changed fields before and after.
 */
export const updateProgramme = audited(
  'programme.update',
  async (
    trx: Knex.Transaction,
    props: { actor: Actor; merchantId: string; patch: ProgrammePatchBody },
  ) => {
    const { version, offline_limits: offlineLimits, ...patch } = props.patch
    const current = await findMerchantProgramme(trx, props.merchantId, { forUpdate: true })
    // Members, offline limits and store languages: read once, to decide and to answer.
    const extras = await programmeExtrasOf(trx, current)
    const next: Settings = { ...settingsOf(current), ...patch }
    if (next.type !== current.type && extras.members > 0)
      throw new AppError('PROGRAMME_HAS_MEMBERS', { members: extras.members })
    if (next.type === 'stamps' && next.stamps_required === null)
      throw new AppError('VALIDATION_FAILED', {
        fields: [{ path: 'stamps_required', code: 'required' }],
      })
    if (current.status !== 'draft') {
      const missing = missingTermsLanguages(next, extras.storeLanguages)
      if (missing.length > 0) throw new AppError('PROGRAMME_TERMS_REQUIRED', { languages: missing })
    }
    const before = { ...settingsOf(current), offline_limits: extras.offlineLimits }
    const updated = await versionedUpdate<ProgrammeRow>(trx, {
      subject: 'programme',
      merchantId: props.merchantId,
      id: current.id,
      version,
      changes: {
        ...patch,
        ...(patch.name ? { name: JSON.stringify(patch.name) } : {}),
        ...(patch.terms ? { terms: JSON.stringify(patch.terms) } : {}),
      },
    })
    if (offlineLimits)
      await trx('merchants')
        .where('id', props.merchantId)
        .update({
          settings: trx.raw(
            `jsonb_set(settings, '{kiosk}', coalesce(settings->'kiosk', '{}'::jsonb) || ?::jsonb)`,
            [JSON.stringify(offlineLimits)],
          ),
          updated_at: trx.fn.now(),
        })
    const value: ProgrammeDetail = presentProgrammeDetail(updated, {
      ...extras,
      offlineLimits: { ...extras.offlineLimits, ...offlineLimits },
    })
    return {
      value,
      subjectType: 'programme',
      subjectId: current.id,
      before,
      after: { ...settingsOf(updated), offline_limits: value.offline_limits },
    }
  },
)
