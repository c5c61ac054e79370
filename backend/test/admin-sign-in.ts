import type { Knex } from 'knex'
import { expect } from 'vitest'
import type { Language } from '../../shared/languages.ts'
import { totpCode } from '../security/totp.ts'
import { environmentSecondFactorKey, sealTotpSecret } from '../accounts/second-factor.ts'
import { DEMO_ADMIN_TOTP_SECRET, DEMO_LOGINS } from '../seed/demo-seed.ts'
import { TestBrowser } from './test-web-app.ts'

export type AdminLogin = { email: string; password: string; totpSecret: string }

/** The demo admin, with the seed's TOTP secret. */
export const DEMO_ADMIN: AdminLogin = { ...DEMO_LOGINS.admin, totpSecret: DEMO_ADMIN_TOTP_SECRET }

/**
 * Signs an admin in through the pages: the password, then the second step's form with the
 * current TOTP code. A code is good once per 30-second step, and tests sign in far more often:
 * the admin's last used step is forgotten first (the refusal of a reused code is tested in
 * backend/platform/second-factor.test.ts). Answers the code form's response (303 when signed in),
 * or the login form's when that already refused.
 */
export const signInAdmin = async (
  b: TestBrowser,
  knex: Knex,
  login: AdminLogin = DEMO_ADMIN,
  next?: string,
) => {
  await b.get(next ? `/admin/login?next=${encodeURIComponent(next)}` : '/admin/login')
  const password = await b.post('/admin/login', {
    email: login.email,
    password: login.password,
    ...(next ? { next } : {}),
  })
  const location = password.headers.get('location') ?? ''
  if (password.status !== 303 || !location.startsWith('/admin/login/code')) return password
  await knex('platform_admins')
    .whereRaw('lower(email) = lower(?)', [login.email])
    .update({ totp_last_step: null })
  await b.get(location)
  return b.post('/admin/login/code', {
    code: totpCode(login.totpSecret),
    ...(next ? { next } : {}),
  })
}

/** Gives an admin a confirmed second factor with `secret` (as if enrolled), for page tests. */
export const enrolAdminForTests = async (knex: Knex, email: string, secret: string) =>
  knex('platform_admins')
    .whereRaw('lower(email) = lower(?)', [email])
    .update({
      totp_secret: sealTotpSecret(secret, environmentSecondFactorKey()),
      totp_enabled_at: knex.fn.now(),
    })

/**
 * A browser signed in on the admin pages as the demo seed's admin (password, then the code),
 * with the admin pages in `language`.
 */
export const signInDemoAdmin = async (url: string, knex: Knex, language: Language = 'en') => {
  const b = new TestBrowser(url, { 'accept-language': language })
  expect((await signInAdmin(b, knex)).status).toBe(303)
  expect((await b.post('/admin/language', { language, next: '/admin' })).status).toBe(303)
  return b
}
