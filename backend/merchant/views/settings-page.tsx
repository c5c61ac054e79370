import type { MerchantSettingsDetail } from '../../../shared/schemas/merchant-settings-api.ts'
import {
  ALERT_THRESHOLDS,
  IDLE_LOCK_MINUTES,
  MANAGER_ADJUSTMENT_LIMIT,
  PIN_LENGTH,
  type AlertThreshold,
} from '../../../shared/schemas/merchant-settings-api.ts'
import type { SessionMerchantUser } from '../../accounts/accounts.ts'
import { usePage } from '../../web/pages/page.tsx'
import {
  ErrorSummary,
  Field,
  PostForm,
  LanguageSelectField,
  SelectField,
} from '../../web/pages/form.tsx'
import { PageHeader } from '../../web/pages/staff-layout.tsx'
import type { FormState } from './programme-page.tsx'
import { MerchantLayout } from './merchant-layout.tsx'

export type SettingsPageProps = {
  merchantName: string
  storeNames: string[]
  user: Pick<SessionMerchantUser, 'name' | 'role' | 'storeIds'>
  settings: MerchantSettingsDetail
  saved: boolean
  form?: FormState
}

const lengths = Array.from(
  { length: PIN_LENGTH.max - PIN_LENGTH.min + 1 },
  (_, i) => PIN_LENGTH.min + i,
)

/** The merchant's settings: PIN length, kiosk idle lock, the language of its emails. */
export const MerchantSettingsPage = (props: SettingsPageProps) => {
  const { t, urls } = usePage()
  const s = props.settings
  const v = (name: string, stored: string) => props.form?.values[name] ?? stored
  const errors = props.form?.errors
  return (
    <MerchantLayout
      title={t('settings.title')}
      current="settings"
      merchantName={props.merchantName}
      user={props.user}
      storeNames={props.storeNames}
    >
      <PageHeader title={t('settings.title')} lead={t('settings.lead')} />
      {props.saved ? (
        <div className="alert alert--success" role="status">
          <p>{t('settings.saved')}</p>
        </div>
      ) : null}
      <section className="card card--narrow stack" aria-labelledby="settings-form-title">
        <h2 className="card__title" id="settings-form-title">
          {t('settings.form_title')}
        </h2>
        <PostForm action={urls.path('merchantSettings')} className="form">
          <ErrorSummary message={props.form?.message} />
          <input type="hidden" name="version" value={s.version} />
          <div className="stack--lg">
            <SelectField
              name="pin_length"
              label={t('settings.pin_length')}
              hint={t('settings.pin_length_hint', { length: s.pin_length })}
              value={v('pin_length', String(s.pin_length))}
              options={lengths.map((n) => ({
                value: String(n),
                label: t('settings.digits', { count: n }),
              }))}
              errors={errors}
            />
            <Field
              name="idle_lock_minutes"
              type="number"
              label={t('settings.idle_lock_minutes')}
              hint={t('settings.idle_lock_hint', IDLE_LOCK_MINUTES)}
              value={v('idle_lock_minutes', String(s.idle_lock_minutes))}
              errors={errors}
            />
            <LanguageSelectField
              name="default_language"
              label={t('settings.email_language')}
              hint={t('settings.email_language_hint')}
              value={v('default_language', s.default_language)}
              errors={errors}
            />
            <Field
              name="manager_adjustment_limit"
              type="number"
              label={t('settings.manager_adjustment_limit')}
              hint={t('settings.manager_adjustment_limit_hint', MANAGER_ADJUSTMENT_LIMIT)}
              value={v('manager_adjustment_limit', String(s.manager_adjustment_limit))}
              errors={errors}
            />
          </div>
          <fieldset className="stack--lg" id="alerts">
            <legend className="card__title">{t('settings.alerts_title')}</legend>
            <p className="field__hint">{t('settings.alerts_lead')}</p>
            {(['alert_opening_from', 'alert_opening_to'] as const).map((name) => (
              <Field
                key={name}
                name={name}
                type="time"
                label={t(`settings.${name}`)}
                hint={t('settings.alert_opening_hint')}
                value={v(name, s[name])}
                errors={errors}
              />
            ))}
            {(Object.keys(ALERT_THRESHOLDS) as AlertThreshold[]).map((name) => (
              <Field
                key={name}
                name={name}
                type="number"
                label={t(`settings.${name}`)}
                hint={t('settings.alert_range_hint', ALERT_THRESHOLDS[name])}
                value={v(name, String(s[name]))}
                errors={errors}
              />
            ))}
          </fieldset>
          <div className="form__actions">
            <button className="button button--primary">{t('settings.save')}</button>
          </div>
        </PostForm>
      </section>
    </MerchantLayout>
  )
}
