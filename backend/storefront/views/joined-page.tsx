import { usePage } from '../../web/pages/page.tsx'
import { StorefrontLayout } from '../../web/pages/storefront-layout.tsx'
import { GoogleWalletButton } from './google-wallet-button.tsx'
import { formatCardNumber } from '../../../shared/card-number.ts'
import type { LocalizedText } from '../../../shared/languages.ts'

/** Enrollment success: the new card with its QR; or, for an existing member, the same answer. */
export const JoinedPage = (props: {
  programmeName: LocalizedText
  card: { number: string; qrSvg: string; welcomeBonus: number } | null
  /** Show "Add to Google Wallet" (the platform has a Google Wallet issuer). */
  googleWallet?: boolean
}) => {
  const { t, text, urls } = usePage()
  const programme = text(props.programmeName)
  if (!props.card) {
    return (
      <StorefrontLayout title={t('joined.already_title')} width="narrow">
        <div className="auth">
          <h1 className="page-title">{t('joined.already_title')}</h1>
          <p className="page-lead">{t('joined.already_lead', { programme })}</p>
          <div className="button-row">
            <a className="button button--primary" href={urls.path('login')}>
              {t('common:nav.login')}
            </a>
            <a className="button button--secondary" href={urls.path('forgotPassword')}>
              {t('joined.forgot')}
            </a>
          </div>
        </div>
      </StorefrontLayout>
    )
  }
  return (
    <StorefrontLayout title={t('joined.title', { programme })} width="narrow">
      <div className="auth stack">
        <span className="success-mark" aria-hidden="true" />
        <h1 className="page-title">{t('joined.title', { programme })}</h1>
        <p className="page-lead">{t('joined.lead')}</p>
        <div className="loyalty-card">
          <div
            className="loyalty-card__qr"
            role="img"
            aria-label={t('joined.card_number')}
            dangerouslySetInnerHTML={{ __html: props.card.qrSvg }}
          />
          <p className="loyalty-card__number">
            <span className="visually-hidden">{t('joined.card_number')}: </span>
            {formatCardNumber(props.card.number)}
          </p>
        </div>
        {props.googleWallet ? (
          <div className="loyalty-card__actions">
            <GoogleWalletButton />
          </div>
        ) : null}
        {props.card.welcomeBonus > 0 ? (
          <div className="alert alert--success" role="status">
            <p>{t('joined.bonus', { count: props.card.welcomeBonus })}</p>
          </div>
        ) : null}
        <a className="button button--primary button--block" href={urls.path('account')}>
          {t('joined.account')}
        </a>
      </div>
    </StorefrontLayout>
  )
}
