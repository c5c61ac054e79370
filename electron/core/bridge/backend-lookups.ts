import type { SearchHit, Visit } from '../../../shared/kiosk-bridge.ts'
import { effectOf } from '../../../shared/offline-decisions.ts'
import type { Runtime } from '../kiosk-session.ts'
import { TransportError, type BackendLookups } from '../sync/http-transport.ts'
import { BridgeFailure } from './dispatch-bridge.ts'

// What the cashier looks up on the backend itself, never kept on the kiosk: members by email or
// phone, and a card's recent visits (with this kiosk's queued operations on it, online or not).

/**
 * Asks the backend directly; offline (or an answer the kiosk cannot use) is KIOSK_OFFLINE. A
 * revocation seen here goes through the engine's one revocation path (a sync: wipe, then the
 * session's `revoked`).
 */
const askBackend = async <T>(
  runtime: Runtime,
  ask: (lookups: BackendLookups) => Promise<T>,
): Promise<T> => {
  if (!runtime.lookups || !runtime.engine.state().online) throw new BridgeFailure('KIOSK_OFFLINE')
  try {
    return await ask(runtime.lookups)
  } catch (error) {
    if (!(error instanceof TransportError)) throw new BridgeFailure('KIOSK_OFFLINE')
    switch (error.failure.kind) {
      case 'refused':
        throw new BridgeFailure(error.failure.code)
      case 'revoked':
        await runtime.engine.syncNow()
        throw new BridgeFailure('DEVICE_REVOKED')
      case 'malformed':
        console.error('kiosk core:', error.message)
        throw new BridgeFailure('KIOSK_OFFLINE')
      default:
        throw new BridgeFailure('KIOSK_OFFLINE')
    }
  }
}

/** The merchant's cards of a customer found by exact email address or phone number. */
export const searchMembers = async (runtime: Runtime, query: string): Promise<SearchHit[]> => {
  const found = await askBackend(runtime, (lookups) => lookups.searchCards(query))
  return found.map((card) => ({
    number: card.number,
    customerName: card.customer_name,
    email: card.customer_email,
    programmeType: card.programme_type,
    balance: card.programme_type === 'points' ? card.points_balance : card.stamps_balance,
  }))
}

/** This kiosk's queued operations on a card, newest first, with what each does. */
const queuedVisits = (runtime: Runtime, number: string): Visit[] => {
  const view = runtime.operations.card(number)
  if (!view) return []
  return view.pending
    .map((op) => {
      const effect = effectOf(op, view.programme, view.rewards)
      return {
        at: op.occurred_at,
        type: op.type,
        points: effect.points,
        stamps: effect.stamps,
        storeName: runtime.pairing.store.name,
        pending: true,
      }
    })
    .reverse()
}

/**
 * A card's last `limit` visits: this kiosk's queued operations first, then the server's ledger
 * entries; offline, the queued ones only.
 */
export const cardVisits = async (
  runtime: Runtime,
  number: string,
  limit: number,
): Promise<{ online: boolean; visits: Visit[] }> => {
  const queued = queuedVisits(runtime, number)
  try {
    const entries = await askBackend(runtime, (lookups) => lookups.cardHistory(number, limit))
    const served = entries.map((entry) => ({
      at: entry.occurred_at,
      type: entry.type,
      points: entry.points_delta,
      stamps: entry.stamps_delta,
      storeName: entry.store_name,
      pending: false,
    }))
    return { online: true, visits: [...queued, ...served].slice(0, limit) }
  } catch (error) {
    if (error instanceof BridgeFailure && error.code === 'CARD_NOT_FOUND')
      return { online: true, visits: queued.slice(0, limit) }
    if (error instanceof BridgeFailure && error.code === 'KIOSK_OFFLINE')
      return { online: false, visits: queued.slice(0, limit) }
    throw error
  }
}
