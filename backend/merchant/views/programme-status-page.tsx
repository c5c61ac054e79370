import { LANGUAGES } from '../../../shared/languages.ts'
import type { ProgrammeDetail } from '../../../shared/schemas/programme-api.ts'
import type { SessionMerchantUser } from '../../accounts/accounts.ts'
import { usePage } from '../../web/pages/page.tsx'
import { PostForm } from '../../web/pages/form.tsx'
import { PageHeader } from '../../web/pages/staff-layout.tsx'
import { MerchantLayout } from './merchant-layout.tsx'

/** What activating or pausing does, in the merchant's words. */
const CONSEQUENCES = {
  activate: [
    'programme.confirm_activate_join',
    'programme.confirm_activate_kiosks',
    'programme.confirm_activate_pause_later',
  ],
  pause: [
    'programme.confirm_pause_balances',
    'programme.confirm_pause_no_earning',
    'programme.confirm_pause_kiosks',
  ],
} as const

/**
 * The step between the Programme page's status button and the change (works without
 * JavaScript): what activating (members can join, kiosks accept it at their next sync) or
 * pausing does, then Confirm — the change, from the version the Programme page showed — or
 * Cancel, back to the page with nothing changed.
 */
export const ProgrammeStatusConfirmPage = (props: {
  merchantName: string
  storeNames: string[]
  user: Pick<SessionMerchantUser, 'name' | 'role' | 'storeIds'>
  programme: ProgrammeDetail
  status: 'activate' | 'pause'
  /** The version the Programme page showed: a change made since makes the confirmation stale. */
  version: number
}) => {
  const { t, urls } = usePage()
  const { status, programme } = props
  const name = LANGUAGES.map((language) => programme.name[language]).find(Boolean)
  const missing = programme.missing_terms.map((language) => t(`common:language.${language}`))
  const back = urls.path('merchantProgramme')
  return (
    <MerchantLayout
      title={t(`programme.confirm_${status}_title`)}
      current="programme"
      merchantName={props.merchantName}
      user={props.user}
      storeNames={props.storeNames}
    >
      <PageHeader
        title={t(`programme.confirm_${status}_title`)}
        lead={name ? t('programme.confirm_programme', { name }) : undefined}
        back={{ href: back, label: t('programme.page_title') }}
      />
      <section className="card stack" aria-labelledby="confirm-title" data-confirm-status={status}>
        <h2 className="card__title" id="confirm-title">
          {t('programme.confirm_what_happens')}
        </h2>
        <ul className="stack">
          {CONSEQUENCES[status].map((key) => (
            <li key={key}>{t(key)}</li>
          ))}
        </ul>
        {status === 'activate' && missing.length > 0 ? (
          <div className="alert alert--warning" role="status" data-terms-missing>
            <p>{t('programme.terms_missing', { languages: missing.join(', ') })}</p>
          </div>
        ) : null}
        <PostForm action={urls.path('merchantProgrammeStatus')} className="form">
          <input type="hidden" name="version" value={props.version} />
          <input type="hidden" name="status" value={status} />
          <div className="form__actions">
            <button
              className={`button ${status === 'pause' ? 'button--danger' : 'button--primary'}`}
            >
              {t(`programme.confirm_${status}`)}
            </button>
            <a className="button button--secondary" href={back}>
              {t('programme.cancel')}
            </a>
          </div>
        </PostForm>
      </section>
    </MerchantLayout>
  )
}
