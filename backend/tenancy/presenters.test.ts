import { describe, expect, it } from 'vitest'
import { presentStore, presentStoreDetail } from './presenters.ts'

describe('store presenter', () => {
  it('keeps the name, the per-language description, every address line and the phone', () => {
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
        phone: '+352 54 12 34',
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
      phone: '+352 54 12 34',
    })
  })
})

describe('store detail presenter', () => {
  it('keeps every field the merchant edits, the domains, the version and the update time', () => {
    const row = {
      id: '2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c02',
      merchant_id: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e01',
      code: 'FASHIONOUTLET',
      name: 'FashionOutlet',
      subdomain: 'fashionoutlet',
      custom_domain: 'outlet.lu',
      description: { fr: 'Les collections de la saison passée' },
      address_line1: '45, rue de l’Alzette',
      address_line2: '2e étage',
      postal_code: 'L-4011',
      city: 'Esch-sur-Alzette',
      country: 'LU',
      phone: '+352 54 12 34',
      timezone: 'Europe/Luxembourg',
      default_language: 'fr' as const,
      currency: 'EUR',
      logo_url: `/media/logos/${'a'.repeat(64)}.svg`,
      logo_sha256: 'a'.repeat(64),
      brand_color: '#0e7490',
      active: true,
      version: 7,
      created_at: new Date('2026-11-21T08:00:00Z'),
      updated_at: new Date('2026-12-07T10:15:00Z'),
    }
    expect(presentStoreDetail(row)).toEqual({
      id: row.id,
      code: 'FASHIONOUTLET',
      name: 'FashionOutlet',
      description: { fr: 'Les collections de la saison passée' },
      address_line1: '45, rue de l’Alzette',
      address_line2: '2e étage',
      postal_code: 'L-4011',
      city: 'Esch-sur-Alzette',
      country: 'LU',
      phone: '+352 54 12 34',
      timezone: 'Europe/Luxembourg',
      default_language: 'fr',
      logo_url: row.logo_url,
      brand_color: '#0e7490',
      subdomain: 'fashionoutlet',
      custom_domain: 'outlet.lu',
      active: true,
      version: 7,
      updated_at: '2026-12-07T10:15:00.000Z',
    })
  })
})
