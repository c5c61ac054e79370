import { describe, expect, it } from 'vitest'
import { LANGUAGES } from '../../../shared/languages.ts'
import {
  presentLoyaltyClass,
  presentLoyaltyObject,
  reachableRewards,
  type WalletCard,
  type WalletProgramme,
} from './payloads.ts'

const ISSUER = '3388000000022950001'

const programme = (type: 'points' | 'stamps'): WalletProgramme => ({
  id: `prog-${type}`,
  merchantName: 'Fashion Group S.A.',
  type,
  name: { en: 'Fashion Club', fr: 'Club Mode', de: 'Modeklub', lb: 'Moudeklub' },
  stampsRequired: type === 'stamps' ? 10 : null,
  rewards:
    type === 'points'
      ? [
          { name: { en: 'Tote bag', fr: 'Sac cabas', de: 'Tragetasche', lb: 'Tut' }, cost: 250 },
          { name: { en: 'Voucher', fr: 'Bon', de: 'Gutschein', lb: 'Bong' }, cost: 100 },
        ]
      : [
          {
            name: { en: 'Free coffee', fr: 'Café offert', de: 'Gratis Kaffee', lb: 'Gratis Kaffi' },
            cost: 10,
          },
        ],
  brandColor: '#3538cd',
  logoUrl: 'https://rewardflow.lu/media/logos/abc.png',
  defaultLanguage: 'fr',
})

const card = (overrides: Partial<WalletCard> = {}): WalletCard => ({
  id: 'card-1',
  number: '100000000017',
  holder: 'Marie Schmit',
  pointsBalance: 120,
  stampsBalance: 3,
  expired: false,
  qrPayload: 'https://fashionhub.rewardflow.lu/c/100000000017',
  accountUrl: 'https://fashionhub.rewardflow.lu/account',
  language: 'en',
  ...overrides,
})

const EXPECTED = {
  points: {
    label: { en: 'Points', fr: 'Points', de: 'Punkte', lb: 'Punkten' },
    next: {
      en: 'Ready to redeem: Voucher',
      fr: 'À échanger : Bon',
      de: 'Einlösbar: Gutschein',
      lb: 'Bereet fir anzeléisen: Bong',
    },
  },
  stamps: {
    label: { en: 'Stamps', fr: 'Tampons', de: 'Stempel', lb: 'Stempelen' },
    next: {
      en: 'Free coffee in 7 stamps',
      fr: 'Café offert dans 7 tampons',
      de: 'Gratis Kaffee in 7 Stempeln',
      lb: 'Gratis Kaffi an 7 Stempelen',
    },
  },
} as const

describe('Google Wallet payloads', () => {
  for (const type of ['points', 'stamps'] as const) {
    it(`presents the class of a ${type} programme with its four languages`, () => {
      const loyaltyClass = presentLoyaltyClass(ISSUER, programme(type))
      expect(loyaltyClass).toMatchObject({
        id: `${ISSUER}.programme-prog-${type}`,
        issuerName: 'Fashion Group S.A.',
        programName: 'Club Mode',
        programLogo: { sourceUri: { uri: 'https://rewardflow.lu/media/logos/abc.png' } },
        hexBackgroundColor: '#3538cd',
        reviewStatus: 'UNDER_REVIEW',
      })
      expect(loyaltyClass.localizedProgramName.defaultValue).toEqual({
        language: 'fr',
        value: 'Club Mode',
      })
      expect(loyaltyClass.localizedProgramName.translatedValues).toEqual([
        { language: 'en', value: 'Fashion Club' },
        { language: 'de', value: 'Modeklub' },
        { language: 'lb', value: 'Moudeklub' },
      ])
      expect(loyaltyClass.localizedAccountIdLabel.translatedValues.map((v) => v.value)).toEqual([
        'Card number',
        'Kartennummer',
        'Kaartennummer',
      ])
    })

    for (const language of LANGUAGES) {
      it(`presents the object of a ${type} card in ${language}`, () => {
        const object = presentLoyaltyObject(ISSUER, programme(type), card({ language }))
        expect(object).toMatchObject({
          id: `${ISSUER}.card-card-1`,
          classId: `${ISSUER}.programme-prog-${type}`,
          state: 'ACTIVE',
          accountName: 'Marie Schmit',
          accountId: '100000000017',
          loyaltyPoints: {
            label: EXPECTED[type].label[language],
            balance: type === 'points' ? { int: 120 } : { string: '3 / 10' },
          },
          barcode: {
            type: 'QR_CODE',
            value: 'https://fashionhub.rewardflow.lu/c/100000000017',
            alternateText: '100000000017',
          },
          linksModuleData: {
            uris: [{ id: 'account', uri: 'https://fashionhub.rewardflow.lu/account' }],
          },
        })
        const [module] = object.textModulesData
        expect(module!.body).toBe(EXPECTED[type].next[language])
        expect(module!.localizedBody.defaultValue).toEqual({
          language,
          value: EXPECTED[type].next[language],
        })
        expect(module!.localizedBody.translatedValues.map((v) => v.language).sort()).toEqual(
          LANGUAGES.filter((l) => l !== language).sort(),
        )
        expect(JSON.stringify(object)).not.toMatch(/object\.|admin\./)
      })
    }
  }

  it('expires the object of a blocked or anonymized card and counts reachable rewards', () => {
    const points = programme('points')
    expect(presentLoyaltyObject(ISSUER, points, card({ expired: true, holder: null })).state).toBe(
      'EXPIRED',
    )
    expect(presentLoyaltyObject(ISSUER, points, card({ holder: null })).accountName).toBe(
      '100000000017',
    )
    expect(reachableRewards(points, card({ pointsBalance: 99 }))).toBe(0)
    expect(reachableRewards(points, card({ pointsBalance: 250 }))).toBe(2)
  })
})
