import { formatCardNumber } from '../../../shared/card-number.ts'
import { LANGUAGES, localize, type Language } from '../../../shared/languages.ts'
import { cardQrPayload } from '../../../shared/scan-payload.ts'
import { translator } from '../../i18n/i18n.ts'
import type { PassCard } from './queries/load-pass-card.ts'

// What a card's storeCard pass says, in pass.json and in one pass.strings per language. Field
// labels and values are keys of the pass.strings files, so the phone shows the pass in its own
// language; `changeMessage` "Balance: %@" makes an update notify "Balance: 320 points".

export const DEFAULT_PASS_COLOUR = '#1f5f8b'
const HEX = /^#[0-9a-fA-F]{6}$/

const rgbText = (hex: string) => {
  const value = Number.parseInt(hex.slice(1), 16)
  return `rgb(${(value >> 16) & 0xff}, ${(value >> 8) & 0xff}, ${value & 0xff})`
}

/** White text on a dark brand colour, near-black on a light one (WCAG relative luminance). */
const textOn = (hex: string) => {
  const value = Number.parseInt(hex.slice(1), 16)
  const [r, g, b] = [(value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff].map((c) => {
    const s = c / 255
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4
  })
  const luminance = 0.2126 * r! + 0.7152 * g! + 0.0722 * b!
  return luminance > 0.4 ? 'rgb(17, 24, 39)' : 'rgb(255, 255, 255)'
}

export const passColour = (card: PassCard) =>
  HEX.test(card.store.brand_color ?? '') ? card.store.brand_color! : DEFAULT_PASS_COLOUR

/** The localized texts of one language: the pass.strings of `<lang>.lproj`. */
const stringsIn = (card: PassCard, language: Language, accountUrl: string, demo: boolean) => {
  const t = translator(language, 'wallet_apple')
  const { card: detail } = card
  const stamps = detail.programme.type === 'stamps'
  const next = detail.next_reward
    ? detail.rewards.find((reward) => reward.id === detail.next_reward!.reward_id)
    : undefined
  const ready = detail.rewards.find((reward) => reward.active && reward.affordable)
  const rewardName = (reward: { name: Parameters<typeof localize>[0] }) =>
    localize(reward.name, language)
  const strings: Record<string, string> = {
    description: t('pass.description', { store: card.store.name }),
    balance_label: stamps ? t('pass.stamps_label') : t('pass.balance_label'),
    balance_value: stamps
      ? t('pass.stamps_value', {
          count: detail.stamps_balance,
          required: detail.programme.stamps_required ?? 0,
        })
      : t('pass.points', { count: detail.points_balance }),
    balance_change: t('pass.balance_change'),
    next_reward_label: t('pass.next_reward_label'),
    next_reward_value: ready
      ? t('pass.reward_ready', { reward: rewardName(ready) })
      : next
        ? stamps
          ? t('pass.missing_stamps', {
              reward: rewardName(next),
              count: detail.next_reward!.missing,
            })
          : t('pass.missing_points', {
              reward: rewardName(next),
              count: detail.next_reward!.missing,
            })
        : t('pass.no_reward'),
    member_label: t('pass.member_label'),
    card_label: t('pass.card_label'),
    programme_label: t('pass.programme_label'),
    programme_value: localize(detail.programme.name, language),
    account_label: t('pass.account_label'),
    account_value: accountUrl,
  }
  if (demo) {
    strings.demo_label = t('pass.demo_label')
    strings.demo_value = t('pass.demo_notice')
  }
  return strings
}

/** pass.strings text: `"key" = "value";` lines, quotes and backslashes escaped. */
export const passStrings = (strings: Record<string, string>): string =>
  Object.entries(strings)
    .map(
      ([key, value]) =>
        `"${key}" = "${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}";`,
    )
    .join('\n') + '\n'

export type PassContent = {
  passJson: Record<string, unknown>
  /** `<lang>.lproj/pass.strings` → its text. */
  strings: Record<string, string>
}

/** The pass.json and the pass.strings of every language of one card's pass. */
export const passContent = (
  card: PassCard,
  context: {
    passTypeId: string
    teamId: string
    authenticationToken: string
    webServiceURL: string
    storeHomeUrl: string
    accountUrl: string
    demo: boolean
  },
): PassContent => {
  const colour = passColour(card)
  const number = card.card.number
  const passJson = {
    formatVersion: 1,
    passTypeIdentifier: context.passTypeId,
    teamIdentifier: context.teamId,
    serialNumber: card.card.id,
    organizationName: card.store.name,
    description: 'description',
    logoText: card.store.name,
    backgroundColor: rgbText(colour),
    foregroundColor: textOn(colour),
    labelColor: textOn(colour),
    webServiceURL: context.webServiceURL,
    authenticationToken: context.authenticationToken,
    // A blocked card's pass stays on the phone but is shown as void.
    ...(card.card.status === 'blocked' ? { voided: true } : {}),
    barcodes: [
      {
        format: 'PKBarcodeFormatQR',
        message: cardQrPayload(context.storeHomeUrl, number),
        messageEncoding: 'iso-8859-1',
        altText: formatCardNumber(number),
      },
    ],
    storeCard: {
      headerFields: [],
      primaryFields: [
        {
          key: 'balance',
          label: 'balance_label',
          value: 'balance_value',
          changeMessage: 'balance_change',
        },
      ],
      secondaryFields: [
        { key: 'next_reward', label: 'next_reward_label', value: 'next_reward_value' },
      ],
      auxiliaryFields: [
        ...(card.card.customer.name
          ? [{ key: 'member', label: 'member_label', value: card.card.customer.name }]
          : []),
        { key: 'card', label: 'card_label', value: formatCardNumber(number) },
      ],
      backFields: [
        { key: 'programme', label: 'programme_label', value: 'programme_value' },
        { key: 'account', label: 'account_label', value: 'account_value' },
        ...(context.demo ? [{ key: 'demo', label: 'demo_label', value: 'demo_value' }] : []),
      ],
    },
  }
  const strings = Object.fromEntries(
    LANGUAGES.map((language) => [
      `${language}.lproj/pass.strings`,
      passStrings(stringsIn(card, language, context.accountUrl, context.demo)),
    ]),
  )
  return { passJson, strings }
}
