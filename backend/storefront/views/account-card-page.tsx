import { formatCardNumber } from '../../../shared/card-number.ts'
import { usePage } from '../../web/pages/page.tsx'
import { StorefrontLayout } from '../../web/pages/storefront-layout.tsx'
import { GoogleWalletButton } from './google-wallet-button.tsx'

/** Apple Wallet's glyph (stacked cards), drawn for the badge. */
const AppleWalletGlyph = () => (
  <svg viewBox="0 0 38 30" aria-hidden="true" focusable="false">
    <rect x="1" y="1" width="36" height="28" rx="5" fill="#d9d9d9" />
    <rect x="3" y="4" width="32" height="9" rx="2" fill="#34aadc" />
    <rect x="3" y="8" width="32" height="9" rx="2" fill="#fdb92e" />
    <rect x="3" y="12" width="32" height="9" rx="2" fill="#f26d5f" />
    <path d="M1 17h11c2 0 3 4 7 4s5-4 7-4h11v7a5 5 0 0 1-5 5H6a5 5 0 0 1-5-5z" fill="#f2f2f2" />
  </svg>
)

/** The card to show at the counter: a large QR code and the number to type if it won't scan. */
export const AccountCardPage = (props: {
  card: { number: string; status: 'active' | 'blocked'; qrSvg: string }
  holder: string | null
  /** Offered when a pass can be signed; `demo`: signed by the demo CA (no real iPhone). */
  appleWallet?: { demo: boolean } | null
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
        {props.appleWallet ? (
          <div className="stack stack--sm">
            <p className="text-center">
              <a
                className="apple-wallet-badge"
                href={urls.path('cardPass')}
                data-wallet="apple"
                download={`card-${props.card.number}.pkpass`}
              >
                <AppleWalletGlyph />
                <span>{t('wallet_apple:storefront.add')}</span>
              </a>
            </p>
            {props.appleWallet.demo ? (
              <p className="apple-wallet-note muted small">{t('wallet_apple:storefront.demo')}</p>
            ) : null}
          </div>
        ) : null}
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
