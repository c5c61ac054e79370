import { AA_CONTRAST, roundRatio, whiteTextContrast } from '../../../shared/brand-colour.ts'
import { LANGUAGES } from '../../../shared/languages.ts'
import { TIME_ZONES, type StoreDetail } from '../../../shared/schemas/store-api.ts'
import type { SessionMerchantUser } from '../../accounts/accounts.ts'
import {
  Checkbox,
  ErrorSummary,
  Field,
  PostForm,
  LanguageSelectField,
  SelectField,
  TextAreaField,
  type FieldErrors,
} from '../../web/pages/form.tsx'
import { usePage } from '../../web/pages/page.tsx'
import { PageHeader } from '../../web/pages/staff-layout.tsx'
import type { FormValues } from '../../web/pages/query.ts'
import { MerchantLayout } from './merchant-layout.tsx'

/** A refused save: what was typed, a message per field, and one for the form. */
export type StoreFormState = { values: FormValues; errors: FieldErrors; message: string | null }

/** The address lines, each an optional text field named like its column. */
const ADDRESS_FIELDS = ['address_line1', 'address_line2', 'postal_code', 'city', 'country'] as const

/** How white text reads on the colour: the ratio, and whether it reaches AA (4.5:1). */
const ContrastNote = ({ colour }: { colour: string }) => {
  const { t, format } = usePage()
  const ratio = whiteTextContrast(colour)
  if (ratio === null) return null
  const passes = ratio >= AA_CONTRAST
  return (
    <div className="contrast" data-contrast={passes ? 'pass' : 'fail'}>
      <span className="contrast__sample" style={{ backgroundColor: colour }} aria-hidden="true">
        {'Aa'}
      </span>
      <span className={passes ? 'contrast__ratio' : 'contrast__ratio contrast__ratio--fail'}>
        {t('store_settings.contrast', {
          ratio: format.number(roundRatio(ratio)),
          minimum: format.number(AA_CONTRAST),
        })}
      </span>
    </div>
  )
}

/** The logo: the current one, a file to replace it, and "remove" when there is one. */
const LogoField = (props: { store: StoreDetail; errors: FieldErrors | undefined }) => {
  const { t } = usePage()
  const error = props.errors?.logo
  return (
    <div className="field">
      <label className="field__label" htmlFor="field-logo">
        {t('store_settings.logo')}
      </label>
      <p className="field__hint" id="field-logo-hint">
        {t('store_settings.logo_hint')}
      </p>
      {props.store.logo_url ? (
        <img
          className="logo-preview"
          src={props.store.logo_url}
          alt={t('store_settings.logo_current')}
        />
      ) : null}
      <input
        className="input"
        id="field-logo"
        name="logo"
        type="file"
        accept="image/png,image/jpeg,image/svg+xml"
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? 'field-logo-hint field-logo-error' : 'field-logo-hint'}
      />
      {error ? (
        <p className="field__error" id="field-logo-error">
          {error}
        </p>
      ) : null}
    </div>
  )
}

/**
 * One store's edit form (/merchant/stores/:id): name, description per language, address, phone,
 * time zone, default language, brand colour (with the contrast of white text on it) and logo.
 * A refused save shows what was typed with a message per field; the chosen file must be chosen
 * again (browsers never re-fill a file field).
 */
export const MerchantStorePage = (props: {
  merchantName: string
  user: Pick<SessionMerchantUser, 'name' | 'role' | 'storeIds'>
  storeNames: string[]
  store: StoreDetail
  form?: StoreFormState
}) => {
  const { t, urls, language } = usePage()
  const { store } = props
  const errors = props.form?.errors
  const v = (name: string, stored: string | null) => props.form?.values[name] ?? stored ?? ''
  const colour = v('brand_color', store.brand_color).trim()
  return (
    <MerchantLayout
      title={store.name}
      current="stores"
      merchantName={props.merchantName}
      user={props.user}
      storeNames={props.storeNames}
    >
      <PageHeader
        title={store.name}
        lead={t('store_settings.edit_lead')}
        back={{ href: urls.path('merchantStores'), label: t('store_settings.title') }}
      />
      <section className="card" aria-labelledby="store-form-title">
        <h2 className="card__title" id="store-form-title">
          {t('store_settings.form_title')}
        </h2>
        <p className="muted small">
          {t('store_settings.managed_by_admin', {
            code: store.code,
            address: store.custom_domain ?? store.subdomain ?? store.code.toLowerCase(),
          })}
        </p>
        <PostForm
          action={urls.path('merchantStore', { id: store.id })}
          className="form stack--lg"
          encType="multipart/form-data"
        >
          <ErrorSummary message={props.form?.message} />
          <input type="hidden" name="version" value={store.version} />
          <Field
            name="name"
            label={t('store_settings.name')}
            value={v('name', store.name)}
            errors={errors}
            required
          />
          {LANGUAGES.map((lng) => (
            <fieldset key={lng} className="language-block stack" lang={lng}>
              <legend lang={language}>{t(`common:language.${lng}`)}</legend>
              <TextAreaField
                rows={3}
                name={`description_${lng}`}
                label={t('store_settings.description_in')}
                value={v(`description_${lng}`, store.description[lng] ?? '')}
                lang={lng}
                errors={errors}
              />
            </fieldset>
          ))}
          <div className="form-grid">
            {ADDRESS_FIELDS.map((name) => (
              <Field
                key={name}
                name={name}
                label={t(`store_settings.${name}`)}
                value={v(name, store[name])}
                optional
                errors={errors}
                autoComplete="off"
              />
            ))}
            <Field
              name="phone"
              type="tel"
              label={t('store_settings.phone')}
              value={v('phone', store.phone)}
              hint={t('store_settings.phone_hint')}
              optional
              errors={errors}
              autoComplete="off"
            />
            <SelectField
              name="timezone"
              label={t('store_settings.timezone')}
              value={v('timezone', store.timezone)}
              options={TIME_ZONES.map((zone) => ({
                value: zone,
                label: zone.replaceAll('_', ' '),
              }))}
              errors={errors}
            />
            <LanguageSelectField
              name="default_language"
              label={t('store_settings.default_language')}
              hint={t('store_settings.default_language_hint')}
              value={v('default_language', store.default_language)}
              errors={errors}
            />
          </div>
          <fieldset className="language-block stack">
            <legend>{t('store_settings.branding')}</legend>
            <Field
              name="brand_color"
              label={t('store_settings.brand_color')}
              hint={t('store_settings.brand_color_hint')}
              value={colour}
              optional
              errors={errors}
              autoComplete="off"
            />
            {colour ? <ContrastNote colour={colour} /> : null}
            <LogoField store={store} errors={errors} />
            {store.logo_url ? (
              <Checkbox
                name="remove_logo"
                label={t('store_settings.remove_logo')}
                checked={props.form?.values.remove_logo === 'yes'}
              />
            ) : null}
          </fieldset>
          <div className="form__actions">
            <button className="button button--primary">{t('store_settings.save')}</button>
            <a className="button button--secondary" href={urls.path('merchantStores')}>
              {t('store_settings.cancel')}
            </a>
          </div>
        </PostForm>
      </section>
    </MerchantLayout>
  )
}
