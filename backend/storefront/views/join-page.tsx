import type { ReactNode } from 'react'
import type { LocalizedText } from '../../../shared/languages.ts'
import { PersonFields } from './person-fields.tsx'
import { usePage } from '../../web/pages/page.tsx'
import { StorefrontLayout } from '../../web/pages/storefront-layout.tsx'
import { Checkbox, ErrorSummary, Field, PostForm, type FieldErrors } from '../../web/pages/form.tsx'

export type JoinProgramme = {
  name: LocalizedText
  terms: LocalizedText
  termsUrl: string | null
}

export type JoinValues = Partial<Record<string, string>>

export const JoinPage = (props: {
  programme: JoinProgramme | null
  values?: JoinValues
  errors?: FieldErrors
  error?: string | null
  /** Shown above the form (the goodbye after an account deletion). */
  notice?: ReactNode
}) => {
  const { t, text, urls, site } = usePage()
  const store = site.kind === 'store' ? site.store : null
  const programme = props.programme
  // A programme not named yet (a new merchant's) goes by the store's name.
  const name = (programme && text(programme.name)) || (store?.name ?? '')
  const terms = programme ? text(programme.terms) : ''
  const joinable = !!programme && (terms !== '' || !!programme.termsUrl)
  const values = props.values ?? {}
  return (
    <StorefrontLayout title={t('join.title', { programme: name })} width="narrow" current="join">
      <div className="auth">
        <header className="auth__header">
          <h1 className="page-title">{t('join.title', { programme: name })}</h1>
          <p className="page-lead">{t('join.lead', { store: store?.name ?? '' })}</p>
        </header>
        {props.notice}
        {!joinable ? (
          <div className="alert alert--info" role="status">
            <p>{t('join.no_terms')}</p>
          </div>
        ) : (
          <PostForm action={urls.path('join')} className="card form">
            <ErrorSummary message={props.error} />
            <Field
              name="email"
              type="email"
              label={t('join.email')}
              value={values.email}
              errors={props.errors}
              autoComplete="email"
              required
            />
            <PersonFields
              labels={{
                name: t('join.name'),
                phone: t('join.phone'),
                birthday: t('join.birthday'),
              }}
              values={values}
              errors={props.errors}
            />
            <details className="details">
              <summary>{t('join.terms_title')}</summary>
              {terms ? <p className="terms">{terms}</p> : null}
              {programme?.termsUrl ? (
                <p>
                  <a href={programme.termsUrl}>{programme.termsUrl}</a>
                </p>
              ) : null}
            </details>
            <Checkbox name="terms" label={t('join.terms')} errors={props.errors} />
            <Checkbox
              name="marketing"
              label={t('join.marketing')}
              checked={values.marketing === 'yes'}
            />
            <div className="form__actions">
              <button className="button button--primary button--block">{t('join.submit')}</button>
            </div>
          </PostForm>
        )}
        <p className="auth__footer">
          {t('join.have_account')} <a href={urls.path('login')}>{t('common:nav.login')}</a>
        </p>
      </div>
    </StorefrontLayout>
  )
}
