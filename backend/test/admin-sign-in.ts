import { expect } from 'vitest'
import type { Language } from '../../shared/languages.ts'
import { DEMO_LOGINS } from '../seed/demo-seed.ts'
import { TestBrowser } from './test-web-app.ts'

/**
 * A browser signed in on the admin pages as the demo seed's admin, with the admin pages in
 * `language`. The one place tests sign an admin in: a second sign-in step goes here.
 */
export const signInDemoAdmin = async (url: string, language: Language = 'en') => {
  const { email, password } = DEMO_LOGINS.admin
  const b = new TestBrowser(url, { 'accept-language': language })
  await b.get('/admin/login')
  expect((await b.post('/admin/login', { email, password })).status).toBe(303)
  expect((await b.post('/admin/language', { language, next: '/admin' })).status).toBe(303)
  return b
}
