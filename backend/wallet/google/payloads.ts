import {
  LANGUAGES,
  localize,
  type Language,
  type LocalizedText,
} from '../../../shared/languages.ts'
import { translator } from '../../i18n/i18n.ts'

// Google Wallet's loyalty class (one per programme) and loyalty object (one per card), as plain
// objects from plain facts: no database, no clock. The worker PATCHes them, the save link
// carries the object inline, and the tests read them field by field.

export type WalletProgramme = {
  id: string
  merchantName: string
  type: 'points' | 'stamps'
  name: LocalizedText
  stampsRequired: number | null
  /** Active rewards, any order. */
  rewards: { name: LocalizedText; cost: number }[]
  /** The brand colour, `#rrggbb`. */
  brandColor: string
  /** An absolute https URL of a PNG logo. */
  logoUrl: string
  /** The language merchant texts fall back to (the store's default). */
  defaultLanguage: Language
}

export type WalletCard = {
  id: string
  number: string
  holder: string | null
  pointsBalance: number
  stampsBalance: number
  /** Blocked or anonymized cards are EXPIRED on the phone. */
  expired: boolean
  /** The card QR's payload (shared/scan-payload.ts cardQrPayload). */
  qrPayload: string
  /** The storefront account page, from the URL builder. */
  accountUrl: string
  /** The holder's language: the object's default strings. */
  language: Language
}

type LocalizedString = {
  defaultValue: { language: string; value: string }
  translatedValues: { language: string; value: string }[]
}

/** One value per language: the default in `language`, the three others as translations. */
const localized = (language: Language, value: (language: Language) => string): LocalizedString => ({
  defaultValue: { language, value: value(language) },
  translatedValues: LANGUAGES.filter((l) => l !== language).map((l) => ({
    language: l,
    value: value(l),
  })),
})

const t = (language: Language) => translator(language, 'wallet')

export const classIdOf = (issuerId: string, programmeId: string) =>
  `${issuerId}.programme-${programmeId}`

export const objectIdOf = (issuerId: string, cardId: string) => `${issuerId}.card-${cardId}`

/** The loyalty class of a programme. `reviewStatus` is UNDER_REVIEW, as Google asks of inserts and updates alike. */
export const presentLoyaltyClass = (issuerId: string, programme: WalletProgramme) => {
  const base = programme.defaultLanguage
  const programName = (l: Language) => localize(programme.name, l, base) || programme.merchantName
  return {
    id: classIdOf(issuerId, programme.id),
    issuerName: programme.merchantName,
    programName: programName(base),
    localizedProgramName: localized(base, programName),
    programLogo: {
      sourceUri: { uri: programme.logoUrl },
      contentDescription: localized(base, (l) =>
        t(l)('object.logo', { merchant: programme.merchantName }),
      ),
    },
    hexBackgroundColor: programme.brandColor,
    reviewStatus: 'UNDER_REVIEW',
    localizedAccountNameLabel: localized(base, (l) => t(l)('object.member')),
    localizedAccountIdLabel: localized(base, (l) => t(l)('object.card_number')),
    multipleDevicesAndHoldersAllowedStatus: 'ONE_USER_ALL_DEVICES',
  }
}

const balanceOf = (programme: WalletProgramme, card: WalletCard) =>
  programme.type === 'points' ? card.pointsBalance : card.stampsBalance

/** How many active rewards the balance reaches (more than before: the customer is told). */
export const reachableRewards = (programme: WalletProgramme, card: WalletCard): number =>
  programme.rewards.filter((reward) => reward.cost <= balanceOf(programme, card)).length

const nextRewardText = (programme: WalletProgramme, card: WalletCard, l: Language): string => {
  const balance = balanceOf(programme, card)
  const byCost = [...programme.rewards].sort((a, b) => a.cost - b.cost)
  const name = (reward: { name: LocalizedText }) =>
    localize(reward.name, l, programme.defaultLanguage)
  const ready = byCost.filter((reward) => reward.cost <= balance).at(-1)
  if (ready) return t(l)('object.reward_ready', { reward: name(ready) })
  const next = byCost.find((reward) => reward.cost > balance)
  if (!next) return t(l)('object.no_reward')
  const count = next.cost - balance
  return programme.type === 'points'
    ? t(l)('object.points_to_go', { reward: name(next), count })
    : t(l)('object.stamps_to_go', { reward: name(next), count })
}

/** The loyalty object of a card: balance, QR code, next reward, link to the account. */
export const presentLoyaltyObject = (
  issuerId: string,
  programme: WalletProgramme,
  card: WalletCard,
) => {
  const l = card.language
  const label = (lang: Language) =>
    t(lang)(programme.type === 'points' ? 'object.points' : 'object.stamps')
  return {
    id: objectIdOf(issuerId, card.id),
    classId: classIdOf(issuerId, programme.id),
    state: card.expired ? 'EXPIRED' : 'ACTIVE',
    accountName: card.holder ?? card.number,
    accountId: card.number,
    loyaltyPoints: {
      label: label(l),
      localizedLabel: localized(l, label),
      balance:
        programme.type === 'points'
          ? { int: card.pointsBalance }
          : { string: `${card.stampsBalance} / ${programme.stampsRequired ?? 0}` },
    },
    barcode: { type: 'QR_CODE', value: card.qrPayload, alternateText: card.number },
    textModulesData: [
      {
        id: 'next_reward',
        header: t(l)('object.next_reward'),
        body: nextRewardText(programme, card, l),
        localizedHeader: localized(l, (lang) => t(lang)('object.next_reward')),
        localizedBody: localized(l, (lang) => nextRewardText(programme, card, lang)),
      },
    ],
    linksModuleData: {
      uris: [
        {
          id: 'account',
          uri: card.accountUrl,
          description: t(l)('object.account_link'),
          localizedDescription: localized(l, (lang) => t(lang)('object.account_link')),
        },
      ],
    },
  }
}

export type LoyaltyClass = ReturnType<typeof presentLoyaltyClass>
export type LoyaltyObject = ReturnType<typeof presentLoyaltyObject>
