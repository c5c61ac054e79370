import { SignJWT } from 'jose'
import type { GoogleWalletIssuer } from './google-wallet-settings.ts'
import type { LoyaltyObject } from './payloads.ts'
import { signingKeyOf } from './service-account.ts'

/**
 * The "Save to Google Wallet" JWT: issued by the service account for audience `google`, type
 * `savetowallet`, the origins allowed to show the button, and the card's object inline. Signed
 * RS256 when the customer clicks, so it always carries the balance of that moment.
 */
export const signSaveJwt = async (
  issuer: GoogleWalletIssuer,
  object: LoyaltyObject,
  origins: string[],
): Promise<string> =>
  new SignJWT({ typ: 'savetowallet', origins, payload: { loyaltyObjects: [object] } })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
    .setIssuer(issuer.account.clientEmail)
    .setAudience('google')
    .setIssuedAt()
    .sign(await signingKeyOf(issuer.account))

/** Google's save page for a JWT (GOOGLE_WALLET_SAVE_URL + the token). */
export const saveUrlOf = (saveUrl: string, jwt: string) =>
  `${saveUrl.endsWith('/') ? saveUrl : `${saveUrl}/`}${jwt}`
