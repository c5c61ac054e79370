import type { BridgeHandlers } from '../../../shared/kiosk-bridge.ts'
import { parseScanPayload } from '../../../shared/scan-payload.ts'
import type { KioskSession } from '../kiosk-session.ts'
import { localCategories } from '../sync/local-copy.ts'
import { cardVisits, searchMembers } from './backend-lookups.ts'
import { presentCardScreen } from './card-screen.ts'
import { BridgeFailure } from './dispatch-bridge.ts'
import { presentOperationOutcome } from './operation-outcome.ts'

// What a signed-in cashier does through the bridge: look a card up, earn, stamp, redeem,
// enroll, undo, and the online lookups. Inputs arrive parsed by the contract (dispatch-bridge).

export type CashierMethod =
  'card' | 'visits' | 'search' | 'earn' | 'stamp' | 'redeem' | 'enroll' | 'undo'

/** A card number typed, or the card QR's payload as the scanner read it. */
const cardNumberOf = (text: string) => {
  const scanned = parseScanPayload(text)
  if (!scanned.ok) throw new BridgeFailure('INVALID_CARD_NUMBER')
  return scanned.number
}

export const cashierHandlers = (
  session: Pick<KioskSession, 'signedIn' | 'store'>,
): Pick<BridgeHandlers, CashierMethod> => ({
  card: async (input) => {
    const { operations, engine } = session.signedIn()
    const number = cardNumberOf(input.number)
    // A card enrolled elsewhere since the last pull, or a member not seen in the snapshot's
    // window (decisions): one sync that asks for it by number, then look again.
    let view = operations.card(number)
    if (!view && engine.state().online) {
      await engine.syncNow([number])
      view = operations.card(number)
    }
    if (!view) throw new BridgeFailure('CARD_NOT_FOUND')
    return presentCardScreen(view, localCategories(session.store()))
  },

  visits: (input) => {
    const number = cardNumberOf(input.cardNumber)
    return cardVisits(session.signedIn(), number, input.limit)
  },

  search: (input) => searchMembers(session.signedIn(), input.query),

  earn: async (input) => {
    const { operations, staff } = session.signedIn()
    const outcome = await operations.earn({
      staffId: staff.id,
      cardNumber: cardNumberOf(input.cardNumber),
      amountCents: input.amountCents,
      ...(input.categoryId ? { categoryId: input.categoryId } : {}),
    })
    return presentOperationOutcome(outcome)
  },

  stamp: async (input) => {
    const { operations, staff } = session.signedIn()
    const outcome = await operations.stamp({
      staffId: staff.id,
      cardNumber: cardNumberOf(input.cardNumber),
      count: input.count,
      ...(input.categoryId ? { categoryId: input.categoryId } : {}),
    })
    return presentOperationOutcome(outcome)
  },

  redeem: async (input) => {
    const { operations, staff } = session.signedIn()
    const outcome = await operations.redeem({
      staffId: staff.id,
      cardNumber: cardNumberOf(input.cardNumber),
      rewardId: input.rewardId,
    })
    return presentOperationOutcome(outcome)
  },

  enroll: async (input) => {
    const { operations, staff } = session.signedIn()
    return presentOperationOutcome(await operations.enroll({ staffId: staff.id, ...input }))
  },

  undo: async (input) => {
    const { operations, staff } = session.signedIn()
    const outcome = await operations.reverse({
      staffId: staff.id,
      targetClientId: input.clientId,
      reason: input.reason,
    })
    return presentOperationOutcome(outcome)
  },
})
