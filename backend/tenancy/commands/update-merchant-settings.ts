import type { Knex } from 'knex'
import type {
  MerchantSettingsDetail,
  MerchantSettingsPatchBody,
} from '../../../shared/schemas/merchant-settings-api.ts'
import type { Actor } from '../../auth/actor.ts'
import { audited } from '../../audit/audited.ts'
import { editConflict } from '../../db/versioned-update.ts'
import {
  findMerchantSettingsRow,
  presentMerchantSettings,
  type MerchantSettingsRow,
} from '../queries/merchant-settings.ts'

const fieldsOf = ({ version: _version, ...fields }: MerchantSettingsDetail) => fields

/**
 * Changes the merchant's settings from the version of its row the owner saw. The kiosk rules
 * (pin_length, idle_lock_minutes) are merged into merchants.settings.kiosk under the row lock,
 * keeping the rules other pages set there (offline limits). A new PIN length applies to PINs
 * given from now on: PINs already given keep opening the kiosks until they are changed (the
 * kiosk accepts any PIN of 4 to 8 digits it has the hash of). Kiosks learn the idle lock at
 * their next sync; the language is that of the merchant's emails from now on. The managers'
 * adjustment limit goes to merchants.settings.customers (applies from their next adjustment).
 * The alert thresholds go to merchants.settings.alerts (the alert sweep's next run uses them).
 */
export const updateMerchantSettings = audited(
  'merchant.settings.update',
  async (
    trx: Knex.Transaction,
    props: { actor: Actor; merchantId: string; patch: MerchantSettingsPatchBody },
  ) => {
    const { version, default_language, manager_adjustment_limit, ...rest } = props.patch
    const customers = manager_adjustment_limit === undefined ? {} : { manager_adjustment_limit }
    const alerts = Object.fromEntries(
      Object.entries(rest).filter(
        ([name, value]) => name.startsWith('alert_') && value !== undefined,
      ),
    )
    const kiosk = Object.fromEntries(
      Object.entries(rest).filter(([name]) => !name.startsWith('alert_')),
    )
    const current = await findMerchantSettingsRow(trx, props.merchantId, { forUpdate: true })
    if (current.version !== version)
      throw editConflict({ subject: 'merchant', id: current.id, version }, current.version)
    const [updated] = (await trx('merchants')
      .where('id', current.id)
      .update({
        ...(default_language ? { default_language } : {}),
        settings: trx.raw(
          `jsonb_set(jsonb_set(
             jsonb_set(settings, '{kiosk}', coalesce(settings->'kiosk', '{}'::jsonb) || ?::jsonb),
             '{customers}', coalesce(settings->'customers', '{}'::jsonb) || ?::jsonb),
             '{alerts}', coalesce(settings->'alerts', '{}'::jsonb) || ?::jsonb)`,
          [JSON.stringify(kiosk), JSON.stringify(customers), JSON.stringify(alerts)],
        ),
        version: trx.raw('version + 1'),
        updated_at: trx.fn.now(),
      })
      .returning(['id', 'default_language', 'settings', 'version'])) as MerchantSettingsRow[]
    const value = presentMerchantSettings(updated!)
    return {
      value,
      subjectType: 'merchant',
      subjectId: current.id,
      before: fieldsOf(presentMerchantSettings(current)),
      after: fieldsOf(value),
    }
  },
)
