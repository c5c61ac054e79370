import { resolveRendererFile } from '../core/renderer-files.ts'
import { isTrustedUrl } from './is-trusted-url.ts'

// Which file of the renderer bundle answers a request to the app's own protocol: the app:
// origin is checked here, the file itself is resolved as the web host does it
// (core/renderer-files.ts). No electron import; app-files.test.ts checks it.

export type AppFile = { path: string; contentType: string }

/**
 * The file under `rootDir` that `url` names, or null when the URL is not one of the app's own
 * or leaves the folder. A path without an extension is a page of the UI: index.html.
 */
export const resolveAppFile = (url: string, appOrigin: string, rootDir: string): AppFile | null => {
  if (!isTrustedUrl(url, appOrigin)) return null
  const file = resolveRendererFile(decodeURIComponent(new URL(url).pathname), rootDir)
  return file && { path: file.path, contentType: file.contentType }
}
