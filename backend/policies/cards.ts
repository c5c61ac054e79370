import {
  merchantApiKey,
  merchantKiosk,
  merchantStaff,
  type MerchantThing,
  type Principal,
  type Rule,
} from './rules.ts'

/**
 * Cards and the ledger. A card belongs to the merchant, so every key and staff member of the
 * merchant may read any member's card, and its kiosks look cards up through their own door;
 * movements through the JSON API need a merchant API key (kiosks move balances through their
 * sync, which has its own policy).
 */
export const cardPolicies = {
  'card.read': (principal: Principal, card?: MerchantThing) =>
    merchantApiKey(principal, card) || merchantStaff(principal, card),
  /** The kiosk's own lookups: a customer by exact email or phone, a card's recent visits. */
  'kiosk.card.lookup': merchantKiosk,
  'card.enroll': merchantApiKey,
  'card.earn': merchantApiKey,
  'card.stamp': merchantApiKey,
  'card.redeem': merchantApiKey,
  'card.adjust': merchantApiKey,
  'entry.reverse': merchantApiKey,
} satisfies Record<string, Rule>
