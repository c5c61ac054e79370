import { assetTags } from './asset-manifest.ts'
import type { WebEntry } from './web-build-config.ts'

/**
 * The stylesheet, module preloads and script of one surface, for the page's <head>:
 * `<head>… <AssetTags entry="storefront" nonce={nonce} /></head>`. Scripts and preloads carry the response's
 * CSP nonce: the policy allows no other script.
 */
export const AssetTags = ({ entry, nonce }: { entry: WebEntry; nonce: string }) => {
  const { styles, preloads, scripts } = assetTags(entry)
  return (
    <>
      {styles.map((href) => (
        <link key={href} rel="stylesheet" href={href} />
      ))}
      {preloads.map((href) => (
        <link key={href} rel="modulepreload" href={href} nonce={nonce} />
      ))}
      {scripts.map((src) => (
        <script key={src} type="module" src={src} nonce={nonce} />
      ))}
    </>
  )
}
