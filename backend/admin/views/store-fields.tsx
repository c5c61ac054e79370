import { TIME_ZONES } from '../../../shared/schemas/store-api.ts'
import { Field, LanguageSelectField, SelectField } from '../../web/pages/form.tsx'
import { usePage } from '../../web/pages/page.tsx'
import type { AdminStoreItem } from '../queries/back-office.ts'
import { valueOf, type AdminFormState } from './back-office-form.ts'

/** The fields of a store the admin sets (create and edit forms). */
export const StoreFields = (props: {
  store?: AdminStoreItem
  baseDomain: string
  form?: AdminFormState
}) => {
  const { t } = usePage()
  const s = props.store
  const v = (name: string, stored: string) => valueOf(props.form, name, stored)
  const errors = props.form?.errors
  return (
    <div className="stack--lg">
      <Field
        id="store-code"
        name="code"
        label={t('back_office:stores.code')}
        hint={t('back_office:stores.code_hint')}
        value={v('code', s?.code ?? '')}
        errors={errors}
      />
      <Field
        id="store-name"
        name="name"
        label={t('back_office:stores.name')}
        value={v('name', s?.name ?? '')}
        errors={errors}
      />
      <Field
        id="store-subdomain"
        name="subdomain"
        label={t('back_office:stores.subdomain')}
        hint={t('back_office:stores.subdomain_hint', { domain: props.baseDomain })}
        optional
        value={v('subdomain', s?.subdomain ?? '')}
        errors={errors}
      />
      <Field
        id="store-custom_domain"
        name="custom_domain"
        label={t('back_office:stores.custom_domain')}
        hint={t('back_office:stores.custom_domain_hint')}
        optional
        value={v('custom_domain', s?.customDomain ?? '')}
        errors={errors}
      />
      <SelectField
        id="store-timezone"
        name="timezone"
        label={t('back_office:stores.timezone')}
        value={v('timezone', s?.timezone ?? 'Europe/Luxembourg')}
        options={TIME_ZONES.map((zone) => ({ value: zone, label: zone }))}
        errors={errors}
      />
      <LanguageSelectField
        id="store-default_language"
        name="default_language"
        label={t('back_office:stores.language')}
        value={v('default_language', s?.defaultLanguage ?? 'fr')}
        errors={errors}
      />
      <Field
        id="store-currency"
        name="currency"
        label={t('back_office:stores.currency')}
        value={v('currency', s?.currency ?? 'EUR')}
        errors={errors}
      />
    </div>
  )
}
