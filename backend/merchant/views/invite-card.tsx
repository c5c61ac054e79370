import { usePage } from '../../web/pages/page.tsx'
import {
  ErrorSummary,
  Field,
  PostForm,
  LanguageSelectField,
  type FieldErrors,
} from '../../web/pages/form.tsx'
import { INVITATION_VALID_DAYS } from '../../accounts/commands/invite-merchant-user.ts'
import type { PairableStore } from '../queries/kiosks.ts'
import { AccessFields } from './store-choices.tsx'

/** What the invitation form shows after a submission: what was typed and its answer. */
export type InviteFormState = {
  email?: string
  name?: string
  language?: string
  role?: string
  stores?: string[]
  error?: string | null
  errors?: FieldErrors
}

/**
 * The owner's form to invite an owner or a manager by email (on the team page); the invitation's
 * language starts as the language of the merchant's emails (the Settings page).
 */
export const InviteCard = ({
  state = {},
  stores,
  emailLanguage,
}: {
  state?: InviteFormState
  /** The merchant's open stores, which a manager may be limited to. */
  stores: PairableStore[]
  /** The language of the merchant's emails (the Settings page): the invitation's first choice. */
  emailLanguage: string
}) => {
  const { t, urls } = usePage()
  return (
    <section className="card" aria-labelledby="invite-title" id="invite">
      <h2 className="card__title" id="invite-title">
        {t('invitation.invite_title')}
      </h2>
      <p className="muted">{t('invitation.invite_lead', { days: INVITATION_VALID_DAYS })}</p>
      <PostForm action={urls.path('merchantInvitations')} className="form">
        <ErrorSummary message={state.error} />
        <Field
          name="name"
          label={t('invitation.name')}
          value={state.name}
          errors={state.errors}
          autoComplete="off"
          required
        />
        <Field
          name="email"
          type="email"
          label={t('invitation.email')}
          value={state.email}
          errors={state.errors}
          autoComplete="off"
          required
        />
        <LanguageSelectField
          name="language"
          label={t('invitation.language')}
          value={state.language ?? emailLanguage}
          errors={state.errors}
        />
        <AccessFields
          idPrefix="invite-"
          stores={stores}
          role={state.role ?? 'manager'}
          storeIds={state.stores ?? []}
          errors={state.errors}
        />
        <div className="form__actions">
          <button className="button button--primary">{t('invitation.submit')}</button>
        </div>
      </PostForm>
    </section>
  )
}
