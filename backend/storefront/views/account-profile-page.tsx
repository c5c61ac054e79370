import { PersonFields } from './person-fields.tsx'
import { usePage } from '../../web/pages/page.tsx'
import { StorefrontLayout } from '../../web/pages/storefront-layout.tsx'
import {
  Checkbox,
  ErrorSummary,
  Field,
  PostForm,
  LanguageSelectField,
  type FieldErrors,
} from '../../web/pages/form.tsx'
import { PASSWORD_MIN_LENGTH } from '../../accounts/passwords.ts'

/** The profile form's values as shown (from the database, or as the member typed them). */
export type ProfileValues = {
  name?: string | undefined
  phone?: string | undefined
  birthday_day?: string | undefined
  birthday_month?: string | undefined
  birthday_year?: string | undefined
  language?: string | undefined
  marketing?: string | undefined
}

export type ProfileNotice = 'saved' | 'password'

const LanguageSelect = (props: { value: string | undefined; errors?: FieldErrors }) => {
  const { t, language } = usePage()
  return (
    <LanguageSelectField
      name="language"
      label={t('profile.language')}
      hint={t('profile.language_hint')}
      value={props.value ?? language}
      errors={props.errors}
    />
  )
}

/** Profile: details and consent, password, and the member's data (export, deletion). */
export const AccountProfilePage = (props: {
  email: string | null
  values: ProfileValues
  marketingSince: string | null
  hasPassword: boolean
  errors?: FieldErrors
  passwordErrors?: FieldErrors
  notice?: ProfileNotice | null
}) => {
  const { t, urls, format } = usePage()
  const { values } = props
  const failed = (errors: FieldErrors | undefined) =>
    errors && Object.keys(errors).length > 0 ? t('profile.errors.summary') : null
  return (
    <StorefrontLayout title={t('profile.title')} current="profile">
      <div className="stack stack--lg">
        <header>
          <h1 className="page-title">{t('profile.title')}</h1>
          <p className="page-lead">{t('profile.lead')}</p>
        </header>
        {props.notice ? (
          <div className="alert alert--success" role="status">
            <p>{t(props.notice === 'password' ? 'profile.password_saved' : 'profile.saved')}</p>
          </div>
        ) : null}

        <section className="stack" aria-labelledby="details-title">
          <h2 className="section-title" id="details-title">
            {t('profile.details_title')}
          </h2>
          <PostForm action={urls.path('profile')} className="card form">
            <ErrorSummary message={failed(props.errors)} />
            <dl className="details">
              <div className="details__row">
                <dt>{t('profile.email')}</dt>
                <dd>{props.email}</dd>
              </div>
            </dl>
            <PersonFields
              labels={{
                name: t('profile.name'),
                phone: t('profile.phone'),
                birthday: t('profile.birthday'),
              }}
              values={values}
              errors={props.errors}
            />
            <LanguageSelect value={values.language} errors={props.errors} />
            <div>
              <Checkbox
                name="marketing"
                label={t('profile.marketing')}
                checked={values.marketing === 'yes'}
              />
              {props.marketingSince ? (
                <p className="field__hint">
                  {t('profile.marketing_since', { date: format.date(props.marketingSince) })}
                </p>
              ) : null}
            </div>
            <div className="form__actions">
              <button className="button button--primary" name="intent" value="details">
                {t('profile.save')}
              </button>
            </div>
          </PostForm>
        </section>

        <section className="stack" aria-labelledby="password-title">
          <h2 className="section-title" id="password-title">
            {t('profile.password_title')}
          </h2>
          <PostForm action={urls.path('profile')} className="card form">
            <ErrorSummary message={failed(props.passwordErrors)} />
            <p className="muted">
              {t(props.hasPassword ? 'profile.password_lead' : 'profile.password_lead_none')}
            </p>
            {props.hasPassword ? (
              <Field
                name="current_password"
                type="password"
                label={t('profile.current_password')}
                errors={props.passwordErrors}
                autoComplete="current-password"
                required
              />
            ) : null}
            <Field
              name="new_password"
              type="password"
              label={t('profile.new_password')}
              hint={t('profile.new_password_hint', { min: PASSWORD_MIN_LENGTH })}
              errors={props.passwordErrors}
              autoComplete="new-password"
              required
            />
            <div className="form__actions">
              <button className="button button--primary" name="intent" value="password">
                {t(props.hasPassword ? 'profile.password_submit' : 'profile.password_submit_none')}
              </button>
            </div>
          </PostForm>
        </section>

        <section className="stack" aria-labelledby="data-title">
          <h2 className="section-title" id="data-title">
            {t('profile.data_title')}
          </h2>
          <div className="card stack">
            <p>{t('profile.data_text')}</p>
            <div className="button-row">
              <a className="button button--secondary" href={urls.path('exportData')} download>
                {t('profile.export')}
              </a>
              <a className="button button--danger" href={urls.path('deleteAccount')}>
                {t('profile.delete')}
              </a>
            </div>
          </div>
        </section>
      </div>
    </StorefrontLayout>
  )
}
