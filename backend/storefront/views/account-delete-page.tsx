import { formatCardNumber } from '../../../shared/card-number.ts'
import { usePage } from '../../web/pages/page.tsx'
import { StorefrontLayout } from '../../web/pages/storefront-layout.tsx'
import { Checkbox, CsrfField, ErrorSummary, type FieldErrors } from '../../web/pages/form.tsx'

/**
 * Account deletion: what it does, a way to download the data first, and a form that asks
 * again (data-confirm, a styled dialog when scripts run) and needs its box ticked without them.
 */
export const AccountDeletePage = (props: { cardNumber: string | null; errors?: FieldErrors }) => {
  const { t, urls } = usePage()
  return (
    <StorefrontLayout title={t('delete.title')} width="narrow" current="profile">
      <div className="stack stack--lg">
        <header>
          <h1 className="page-title">{t('delete.title')}</h1>
          <p className="page-lead">{t('delete.lead')}</p>
        </header>
        <div className="alert alert--warning">
          <p className="alert__title">{t('delete.what_happens')}</p>
          <ul>
            <li>{t('delete.erased')}</li>
            <li>
              {props.cardNumber
                ? t('delete.card', { number: formatCardNumber(props.cardNumber) })
                : t('delete.card_none')}
            </li>
            <li>{t('delete.history')}</li>
            <li>{t('delete.logout')}</li>
          </ul>
        </div>
        <p>
          {t('delete.export_first')}{' '}
          <a href={urls.path('exportData')} download>
            {t('delete.export_link')}
          </a>
        </p>
        <form
          className="card form"
          method="post"
          action={urls.path('deleteAccount')}
          noValidate
          data-confirm={t('delete.confirm_question')}
          data-confirm-ok={t('delete.confirm_ok')}
          data-confirm-cancel={t('delete.confirm_cancel')}
        >
          <CsrfField />
          <ErrorSummary message={props.errors?.confirm ? t('delete.errors.summary') : null} />
          <Checkbox name="confirm" label={t('delete.confirm_label')} errors={props.errors} />
          <div className="form__actions">
            <button className="button button--danger">{t('delete.submit')}</button>
            <a className="button button--secondary" href={urls.path('profile')}>
              {t('delete.cancel')}
            </a>
          </div>
        </form>
      </div>
    </StorefrontLayout>
  )
}

/**
 * The notice the join page shows after a deletion (`?goodbye=1`); rendered by the join page,
 * whose namespace is not this one.
 */
export const GoodbyeNotice = () => {
  const { t } = usePage()
  return (
    <div className="alert alert--success" role="status">
      <p className="alert__title">{t('account:goodbye.title')}</p>
      <p>{t('account:goodbye.text')}</p>
    </div>
  )
}
