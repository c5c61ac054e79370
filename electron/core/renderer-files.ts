import path from 'node:path'

// What the kiosk's two hosts share when they serve the renderer bundle: the page's
// Content-Security-Policy and which file of the bundle answers a path. Origin-free: the shell
// checks its app: origin first (app-files.ts), the web host serves its own loopback origin
// (web-host.ts). No electron import; renderer-files.test.ts checks it.

/**
 * The kiosk page's Content-Security-Policy: its own scripts and styles only, no eval, no inline
 * script, no network but its own origin (the kiosk core talks to the backend, the page talks to
 * the core over IPC or the web host's bridge socket).
 */
export const KIOSK_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "media-src 'self'",
  "object-src 'none'",
  "frame-src 'none'",
  "worker-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ')

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

export type RendererFile = {
  /** Absolute path of the file under the bundle's folder (it may not exist). */
  path: string
  /** That path relative to the folder, with `/` separators (`assets/index-3f2a.js`). */
  relative: string
  contentType: string
}

/**
 * The file under `rootDir` that a decoded URL path names, or null when it leaves the folder or
 * is of a type the bundle does not ship. A path without an extension is a page of the UI:
 * index.html. Whether the file exists is the caller's question.
 */
export const resolveRendererFile = (pathname: string, rootDir: string): RendererFile | null => {
  if (pathname.includes('\0')) return null
  const relative = path.extname(pathname) === '' ? 'index.html' : pathname.replace(/^\/+/, '')
  const root = path.resolve(rootDir)
  const file = path.resolve(root, relative)
  if (!file.startsWith(root + path.sep)) return null
  const contentType = CONTENT_TYPES[path.extname(file).toLowerCase()]
  if (!contentType) return null
  return { path: file, relative: path.relative(root, file).split(path.sep).join('/'), contentType }
}
