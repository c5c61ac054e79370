import { usePage } from '../../web/pages/page.tsx'

/**
 * "Add to Google Wallet" as Google's brand guidelines draw it: a black pill, the wallet glyph,
 * the words in the page's language (Google's own wording: en "Add to Google Wallet", fr
 * "Ajouter à Google Wallet", de "Zu Google Wallet hinzufügen"). It links to the click-time
 * route, which signs the save link and sends the member on to Google.
 */
export const GoogleWalletButton = () => {
  const { t, urls } = usePage()
  return (
    <a className="google-wallet-button" href={urls.path('googleWalletSave')}>
      <svg
        className="google-wallet-button__glyph"
        viewBox="0 0 24 24"
        width="24"
        height="24"
        aria-hidden="true"
        focusable="false"
      >
        <rect x="2" y="4" width="20" height="6" rx="2" fill="#4285F4" />
        <rect x="2" y="8" width="20" height="6" rx="2" fill="#34A853" />
        <rect x="2" y="12" width="20" height="6" rx="2" fill="#FBBC04" />
        <path d="M2 16h6.5a4 4 0 0 0 7 0H22v2a3 3 0 0 1-3 3H5a3 3 0 0 1-3-3z" fill="#EA4335" />
      </svg>
      <span>{t('wallet:button.add')}</span>
    </a>
  )
}
