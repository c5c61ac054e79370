import path from 'node:path'
import { isTrustedUrl } from './is-trusted-url.ts'

// Which file of the renderer bundle answers a request to the app's own protocol. No electron
// import; app-files.test.ts checks it.

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.wav': 'audio/wav',
}

export type AppFile = { path: string; contentType: string }

/**
 * The file under `rootDir` that `url` names, or null when the URL is not one of the app's own
 * or leaves the folder. A path without an extension is a page of the UI: index.html.
 */
export const resolveAppFile = (url: string, appOrigin: string, rootDir: string): AppFile | null => {
  if (!isTrustedUrl(url, appOrigin)) return null
  const pathname = decodeURIComponent(new URL(url).pathname)
  const relative = path.extname(pathname) === '' ? 'index.html' : pathname.replace(/^\/+/, '')
  const root = path.resolve(rootDir)
  const file = path.resolve(root, relative)
  if (file !== root && !file.startsWith(root + path.sep)) return null
  const contentType = CONTENT_TYPES[path.extname(file).toLowerCase()]
  if (!contentType) return null
  return { path: file, contentType }
}
