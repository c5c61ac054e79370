import { describe, expect, it } from 'vitest'
import type { Page } from '../web/pages/page.tsx'
import { NAMESPACES, translator } from './i18n.ts'
import { TYPED_NAMESPACES } from './resources.ts'

// The lines marked @ts-expect-error are the test that matters: `npm run typecheck` fails if an
// unknown key ever type-checks. At run time they show what such a key would have rendered.

describe('translation keys', () => {
  it('types every namespace that locales/en has', () => {
    expect([...TYPED_NAMESPACES].sort()).toEqual([...NAMESPACES].sort())
  })

  it("accepts a namespace's own keys bare and the others' as ns:key, nothing else", () => {
    const t = translator('fr', 'admin')
    expect(t('nav.dashboard')).not.toBe('nav.dashboard')
    expect(t('storefront:join.title')).toBe(translator('fr', 'storefront')('join.title'))
    expect(t('errors:NOT_FOUND')).not.toBe('NOT_FOUND')
    // @ts-expect-error not a key of admin.json
    expect(t('nav.dashbord')).toBe('nav.dashbord')
    // @ts-expect-error a key of storefront.json, without its namespace
    expect(t('join.title')).toBe('join.title')
    // @ts-expect-error no such namespace
    expect(t('shop:join.title')).toMatch(/join\.title$/)
  })

  it('types keys built from a template literal as the union of their values', () => {
    const t = translator('de', 'admin')
    const field = 'email' as 'email' | 'password'
    expect(t(`login.errors.${field}`)).not.toMatch(/^login\./)
    const anyField = 'mail' as string
    // @ts-expect-error `login.errors.${string}` may be a key that does not exist
    expect(t(`login.errors.${anyField}`)).toMatch(/^login\./)
  })

  it("gives pages a t of every page namespace's keys", () => {
    const t: Page['t'] = translator('lb', 'account')
    expect(t('profile.title')).not.toBe('profile.title')
    expect(t('common:app_name')).toBe('RewardFlow')
    // @ts-expect-error in no namespace
    expect(t('profile.no_such_title')).toBe('profile.no_such_title')
  })
})
