import { randomBytes } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Middleware } from 'koa'
import helmet from 'koa-helmet'
import type { AppState } from './state.ts'

declare module './state.ts' {
  interface AppState {
    /** This response's CSP nonce: the page's <script> and module preload tags carry it. */
    cspNonce: string
  }
}

/** The nonce travels to helmet's directive functions on the Node response (helmet sees no ctx). */
type NoncedResponse = ServerResponse & { cspNonce?: string }

/** One year, the usual HSTS max-age (no includeSubDomains: a store's own domain is not ours). */
export const HSTS_MAX_AGE_SECONDS = 31_536_000

/**
 * The Content-Security-Policy of every response (docs/decisions.md, "Security headers"):
 * scripts only by this response's nonce ('strict-dynamic' lets the nonced module load its own
 * chunks), no inline script or event handler attribute; styles from the site plus inline style
 * attributes (store colours as CSS variables, the email preview's own CSS); images from the site,
 * data: (inline email images) and https: (a store's logo address); never framed.
 */
export const cspDirectives = {
  defaultSrc: ["'self'"],
  scriptSrc: [
    (_req: IncomingMessage, res: ServerResponse) =>
      `'nonce-${(res as NoncedResponse).cspNonce ?? ''}'`,
    "'strict-dynamic'",
  ],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:', 'https:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
}

/**
 * Security headers on every response (pages, error pages, assets, the API) through helmet: the
 * CSP above with a fresh nonce per response, X-Frame-Options DENY for browsers without
 * frame-ancestors, nosniff, Referrer-Policy same-origin, and HSTS only on a request that arrived
 * over HTTPS (TLS here, or X-Forwarded-Proto https from a proxy trusted by TRUST_PROXY).
 */
export const securityHeaders = (): Middleware<AppState> => {
  const helmetHeaders = helmet({
    contentSecurityPolicy: { useDefaults: false, directives: cspDirectives },
    // Logos and assets may be shown by other sites (emails in webmail, wallet apps).
    crossOriginResourcePolicy: false,
    // Set below, only over HTTPS.
    strictTransportSecurity: false,
    xFrameOptions: { action: 'deny' },
    // Not no-referrer: a browser then sends `Origin: null` with a form, and the CSRF check
    // (web/sessions/csrf.ts) refuses it. same-origin sends nothing to other sites, so the
    // tokens in reset and invitation links never leave RewardFlow.
    referrerPolicy: { policy: 'same-origin' },
  })
  return async (ctx, next) => {
    const nonce = randomBytes(16).toString('base64')
    ctx.state.cspNonce = nonce
    ;(ctx.res as NoncedResponse).cspNonce = nonce
    if (ctx.secure) ctx.set('Strict-Transport-Security', `max-age=${HSTS_MAX_AGE_SECONDS}`)
    await helmetHeaders(ctx, next)
  }
}
