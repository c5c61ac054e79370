import { describe, expect, it } from 'vitest'
import { missingTermsLanguages } from './programme-terms.ts'

describe('missingTermsLanguages', () => {
  it('lists the store languages without terms text', () => {
    expect(
      missingTermsLanguages({ terms: { en: 'Terms', fr: ' ' }, terms_url: null }, [
        'fr',
        'en',
        'de',
      ]),
    ).toEqual(['fr', 'de'])
  })

  it('is satisfied by a terms URL whatever the texts', () => {
    expect(
      missingTermsLanguages({ terms: {}, terms_url: 'https://example.test/terms' }, ['fr']),
    ).toEqual([])
  })

  it('asks for English when the merchant has no store yet', () => {
    expect(missingTermsLanguages({ terms: {}, terms_url: null }, [])).toEqual(['en'])
  })
})
