import { describe, expect, it } from 'vitest'
import { rawKeysIn } from './raw-keys.ts'

describe('raw translation keys in a page', () => {
  it('finds a key of any namespace shown raw, and an unfilled placeholder', () => {
    expect(rawKeysIn('<a>nav.settings</a> <p>common:language.fr</p> {{name}}')).toEqual([
      'nav.settings',
      'common:language.fr',
      '{{name}}',
    ])
  })

  it('leaves text, addresses and file names alone', () => {
    expect(
      rawKeysIn('<p>Settings</p> owner@nav.settings.lu <img src="/media/logos/a.png"> 4.5:1'),
    ).toEqual([])
  })
})
