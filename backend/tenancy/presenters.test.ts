import { describe, expect, it } from 'vitest'
import { presentStore } from './presenters.ts'

describe('store presenter', () => {
  it('keeps the name, the per-language description and every address line', () => {
    expect(
      presentStore({
        code: 'FASHIONOUTLET',
        name: 'FashionOutlet',
        description: { fr: 'Les collections de la saison passée', en: 'Last season' },
        address_line1: '45, rue de l’Alzette',
        address_line2: '2e étage',
        postal_code: 'L-4011',
        city: 'Esch-sur-Alzette',
        country: 'LU',
      }),
    ).toEqual({
      code: 'FASHIONOUTLET',
      name: 'FashionOutlet',
      description: { fr: 'Les collections de la saison passée', en: 'Last season' },
      address: {
        line1: '45, rue de l’Alzette',
        line2: '2e étage',
        postal_code: 'L-4011',
        city: 'Esch-sur-Alzette',
        country: 'LU',
      },
    })
  })
})
