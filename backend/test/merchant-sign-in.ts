import { expect } from 'vitest'
import type { Language } from '../../shared/languages.ts'
import { DEMO_LOGINS } from '../seed/demo-seed.ts'
import { TestBrowser } from './test-web-app.ts'

/** A browser signed in on the merchant pages (the login page first, for its CSRF cookie). */
export const signInMerchant = async (
  url: string,
  email: string,
  password: string,
  language: Language = 'en',
) => {
  const b = new TestBrowser(url, { 'accept-language': language })
  await b.get('/merchant/login')
  expect((await b.post('/merchant/login', { email, password })).status).toBe(303)
  return b
}

/** The demo merchant's owner, signed in, with the merchant pages in `language`. */
export const signInDemoOwner = async (url: string, language: Language = 'en') => {
  const { email, password } = DEMO_LOGINS.fashionOwner
  const b = await signInMerchant(url, email, password)
  expect((await b.post('/merchant/language', { language, next: '/merchant' })).status).toBe(303)
  return b
}
