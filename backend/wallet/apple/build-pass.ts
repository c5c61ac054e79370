import type { Knex } from 'knex'
import { PKPass } from 'passkit-generator'
import type { Config } from '../../config.ts'
import { AppError } from '../../errors.ts'
import { canonicalPlatformUrls, canonicalStoreUrls } from '../../web/site/urls.ts'
import { passContent, passColour } from './pass-content.ts'
import { defaultIcons, defaultLogos, isPng } from './pass-images.ts'
import { passTokenOf } from './pass-tokens.ts'
import { loadPassCard } from './queries/load-pass-card.ts'
import { appleSigning, type AppleSigning } from './signing-settings.ts'
import { useNativeRsaForPasses } from './native-rsa.ts'

useNativeRsaForPasses()

export type PassConfig = Pick<
  Config,
  'dataDir' | 'emailSettingsKey' | 'env' | 'baseUrl' | 'hostRouting'
>

/** Where the pass's device asks for updates: Apple appends `/v1/…` (web-service-routes.ts). */
export const APPLE_WEB_SERVICE_PATH = '/wallet/apple'
export const appleWebServiceUrl = (config: Pick<Config, 'baseUrl'>) =>
  `${canonicalPlatformUrls(config).origin}${APPLE_WEB_SERVICE_PATH}`

export type BuiltPass = { pkpass: Buffer; updatedAt: Date; signing: AppleSigning }

/**
 * Builds and signs a card's `.pkpass` now (passes are never stored: every download and every
 * device's fetch gets the card as it is). APPLE_WALLET_UNAVAILABLE when nothing can sign.
 */
export const buildCardPass = async (
  db: Knex,
  config: PassConfig,
  ref: { merchantId: string; cardId: string },
  signing?: AppleSigning | null,
): Promise<BuiltPass> => {
  const signer = signing === undefined ? await appleSigning(db, config) : signing
  if (!signer) throw new AppError('NOT_FOUND')
  const [card, token] = await Promise.all([loadPassCard(db, ref), passTokenOf(db, config, ref)])
  const urls = canonicalStoreUrls(card.store, card.store, config)
  const content = passContent(card, {
    passTypeId: signer.passTypeId,
    teamId: signer.teamId,
    authenticationToken: token,
    webServiceURL: appleWebServiceUrl(config),
    storeHomeUrl: urls.absolute('home'),
    accountUrl: urls.absolute('account'),
    demo: signer.source === 'demo',
  })
  const colour = passColour(card)
  const files: Record<string, Buffer> = {
    'pass.json': Buffer.from(JSON.stringify(content.passJson)),
    ...defaultIcons(colour),
    ...(isPng(card.store.logo) ? { 'logo.png': card.store.logo } : defaultLogos(colour)),
  }
  for (const [name, text] of Object.entries(content.strings)) files[name] = Buffer.from(text)
  const pass = new PKPass(files, {
    wwdr: signer.wwdrCertificate,
    signerCert: signer.signerCertificate,
    signerKey: signer.signerKey,
  })
  return { pkpass: pass.getAsBuffer(), updatedAt: card.updatedAt, signing: signer }
}
