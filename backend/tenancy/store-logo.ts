import { createHash } from 'node:crypto'
import { AppError } from '../errors.ts'

// A store's logo as uploaded: PNG, JPEG or SVG up to 1 MB, the type decided by the bytes (magic
// numbers, an <svg> root), never by a file name or a Content-Type alone. An SVG is refused when
// it could run script or fetch anything (docs/architecture.md, Stores and branding); it is also
// served under a Content-Security-Policy that forbids both, in case a trick gets past these
// checks.

export const LOGO_MAX_BYTES = 1024 * 1024

export const LOGO_TYPES = ['image/png', 'image/jpeg', 'image/svg+xml'] as const
export type LogoType = (typeof LOGO_TYPES)[number]

const EXTENSION: Record<LogoType, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/svg+xml': 'svg',
}

/** Why a logo is refused: the field code of VALIDATION_FAILED (path `logo`). */
export type LogoProblem =
  /** Nothing was sent. */
  | 'empty'
  /** Over LOGO_MAX_BYTES. */
  | 'too_large'
  /** Not a PNG, JPEG or SVG by its bytes. */
  | 'not_image'
  /** Its declared type (Content-Type, the file's type) says one thing and its bytes another. */
  | 'type_mismatch'
  /** An SVG with a script, an event handler or a javascript: link. */
  | 'svg_script'
  /** An SVG that refers to something outside itself (a link, an image, a style sheet, an entity). */
  | 'svg_external'

export type CheckedLogo = {
  contentType: LogoType
  bytes: Buffer
  /** Hex SHA-256 of the bytes: the logo's key and the name it is served under. */
  sha256: string
  /** The path it is served at: content-hashed, so it may be cached for good. */
  path: string
}

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

/** What the bytes are (by content), or null for anything else. */
export const sniffLogoType = (bytes: Buffer): LogoType | null => {
  // A PNG: the signature, then the IHDR chunk that must come first.
  if (bytes.subarray(0, 8).equals(PNG) && bytes.subarray(12, 16).toString('latin1') === 'IHDR')
    return 'image/png'
  if (bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff)
    return 'image/jpeg'
  return isSvgDocument(bytes) ? 'image/svg+xml' : null
}

/** UTF-8 text whose root element is <svg> (after a BOM, an XML declaration, comments, a doctype). */
const isSvgDocument = (bytes: Buffer): boolean => {
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return false
  }
  const prolog =
    /^\uFEFF?\s*(<\?xml[^>]*\?>\s*)?((<!--[\s\S]*?-->|<!DOCTYPE[^>[]*(\[[\s\S]*?\])?\s*>)\s*)*/i
  const rest = text.replace(prolog, '')
  return /^<svg[\s>]/i.test(rest)
}

const SCRIPT_PATTERNS = [
  /<(\w+:)?script[\s>/]/i,
  // Event handler attributes: onload=, onclick=, onbegin= …
  /[\s"'/]on[a-z]+\s*=/i,
  /javascript\s*:/i,
  /<(\w+:)?(foreignObject|iframe|embed|object|handler)[\s>/]/i,
]

const EXTERNAL_PATTERNS = [
  // A link or reference that does not point inside the document (#id).
  /\bhref\s*=\s*(["'])\s*(?!#)/i,
  /\bhref\s*=\s*[^"'\s>]/i,
  /url\(\s*(["']?)\s*(?!#)/i,
  /@import/i,
  /<!ENTITY/i,
  /<!DOCTYPE[^>]*\[/i,
  /\bsrc\s*=/i,
  // An animation that rewrites a link (attributeName="href" or "xlink:href").
  /attributeName\s*=\s*(["'])\s*(xlink:)?href/i,
]

/** Why an SVG is unsafe to show, or null. */
export const svgProblem = (bytes: Buffer): 'svg_script' | 'svg_external' | null => {
  const text = bytes.toString('utf8')
  if (SCRIPT_PATTERNS.some((pattern) => pattern.test(text))) return 'svg_script'
  if (EXTERNAL_PATTERNS.some((pattern) => pattern.test(text))) return 'svg_external'
  return null
}

/** Where logos are served, on every host. */
export const LOGO_PREFIX = '/media/logos/'

/** The served path of a logo: `/media/logos/<sha256>.<ext>`. */
export const logoPath = (sha256: string, contentType: LogoType) =>
  `${LOGO_PREFIX}${sha256}.${EXTENSION[contentType]}`

/** The hash and type a served logo name carries, or null for a name that is not one. */
export const parseLogoFileName = (
  name: string,
): { sha256: string; contentType: LogoType } | null => {
  const match = /^([0-9a-f]{64})\.(png|jpg|svg)$/.exec(name)
  if (!match) return null
  const contentType = LOGO_TYPES.find((type) => EXTENSION[type] === match[2])!
  return { sha256: match[1]!, contentType }
}

/** The media type a declared type names (parameters dropped, `image/jpg` read as JPEG). */
const declaredTypeOf = (declared: string | null | undefined): string | null => {
  const type = declared?.split(';')[0]?.trim().toLowerCase()
  if (!type || type === 'application/octet-stream') return null
  return type === 'image/jpg' || type === 'image/pjpeg' ? 'image/jpeg' : type
}

/**
 * Checks an uploaded logo by its content: its size, what its bytes are, that a declared type
 * (the API's Content-Type, the browser's type for the file) agrees, and that an SVG is inert.
 */
export const checkLogo = (
  bytes: Buffer,
  declared?: string | null,
): { ok: true; logo: CheckedLogo } | { ok: false; problem: LogoProblem } => {
  if (bytes.length === 0) return { ok: false, problem: 'empty' }
  if (bytes.length > LOGO_MAX_BYTES) return { ok: false, problem: 'too_large' }
  const declaredType = declaredTypeOf(declared)
  const contentType = sniffLogoType(bytes)
  if (!contentType) return { ok: false, problem: 'not_image' }
  if (declaredType && declaredType !== contentType) return { ok: false, problem: 'type_mismatch' }
  if (contentType === 'image/svg+xml') {
    const problem = svgProblem(bytes)
    if (problem) return { ok: false, problem }
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex')
  return { ok: true, logo: { contentType, bytes, sha256, path: logoPath(sha256, contentType) } }
}

/** The VALIDATION_FAILED of a refused logo: field `logo`, the problem as its code. */
export const logoRefused = (problem: LogoProblem) =>
  new AppError('VALIDATION_FAILED', { fields: [{ path: 'logo', code: problem }] })

/** A checked logo, or VALIDATION_FAILED (`logo`: too_large, not_image, svg_script, …). */
export const acceptLogo = (
  upload: { tooLarge: true } | { tooLarge: false; bytes: Buffer },
  declared: string | null | undefined,
): CheckedLogo => {
  if (upload.tooLarge) throw logoRefused('too_large')
  const checked = checkLogo(upload.bytes, declared)
  if (!checked.ok) throw logoRefused(checked.problem)
  return checked.logo
}
