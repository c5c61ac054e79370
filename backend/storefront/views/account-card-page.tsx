import { formatCardNumber } from '../../../shared/card-number.ts'
import { usePage } from '../../web/pages/page.tsx'
import { StorefrontLayout } from '../../web/pages/storefront-layout.tsx'
import { GoogleWalletButton } from './google-wallet-button.tsx'

/** The card to show at the counter: a large QR code and the number to type if it won't scan. */
export const AccountCardPage = (props: {
  card: { number: string; status: 'active' | 'blocked'; qrSvg: string }
  holder: string | null
  /** Show "Add to Google Wallet" (the platform has a Google Wallet issuer). */
  googleWallet?: boolean
}) => {
  const { t, urls, site } = usePage()
  const store = site.kind === 'store' ? site.store : null
  const number = formatCardNumber(props.card.number)
  return (
    <StorefrontLayout title={t('card.title')} width="narrow" current="card">
      <div className="stack stack--lg">
        <header className="text-center">
          <h1 className="page-title">{t('card.title')}</h1>
          <p className="page-lead">{t('card.lead')}</p>
        </header>
        {props.card.status === 'blocked' ? (
          <div className="alert alert--warning" role="status">
            <p>{t('overview.blocked')}</p>
          </div>
        ) : null}
        <div className="loyalty-card">
          {store ? (
            <p className="loyalty-card__store">
              {store.logo_url ? (
                <img className="loyalty-card__logo" src={store.logo_url} alt="" />
              ) : null}
              {store.name}
            </p>
          ) : null}
          <div
            className="loyalty-card__qr"
            role="img"
            aria-label={t('card.qr_label', { number })}
            dangerouslySetInnerHTML={{ __html: props.card.qrSvg }}
          />
          <p className="loyalty-card__number">
            <span className="visually-hidden">{t('card.number')}: </span>
            {number}
          </p>
          {props.holder ? <p className="loyalty-card__holder">{props.holder}</p> : null}
        </div>
        <div className="loyalty-card__actions">
          {props.googleWallet && props.card.status === 'active' ? <GoogleWalletButton /> : null}
          <a
            className="button button--secondary"
            href={urls.path('cardQr')}
            download={`card-${props.card.number}.svg`}
          >
            {t('card.download')}
          </a>
          <a className="button button--ghost" href={urls.path('account')}>
            {t('card.back')}
          </a>
        </div>
      </div>
    </StorefrontLayout>
  )
}
