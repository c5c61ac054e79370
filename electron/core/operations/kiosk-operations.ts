import { randomUUID } from 'node:crypto'
import type { KioskOperation } from '../../../shared/schemas/kiosk-api.ts'
import { OperationResult } from '../../../shared/schemas/kiosk-answers.ts'
import type { ProgrammeSnapshot, RewardSnapshot } from '../../../shared/schemas/kiosk-snapshots.ts'
import type { ErrorCode } from '../../../shared/errors.ts'
import { checkUndo } from '../../../shared/undo-window.ts'
import type { KioskStore } from '../store/kiosk-store.ts'
import type { OutboxOperation } from '../store/outbox.ts'
import type { SyncEngine } from '../sync/sync-engine.ts'
import {
  lastSyncAt,
  localCard,
  localOfflineLimits,
  localProgrammes,
  localRewards,
  reservedCardNumbers,
  type LocalCard,
} from '../sync/local-copy.ts'
import {
  availableBalance,
  decideOfflineEarning,
  decideOfflineRedemption,
  effectOf,
  pendingFor,
  type PendingOperation,
} from '../../../shared/offline-decisions.ts'

// What the cashier does, as the kiosk carries it out: decided with the shared rules on the local
// snapshot, queued in the outbox, and, while the backend is reachable, pushed at once so the
// cashier sees the server's answer. Without an answer the kiosk's own decision stands and the
// operation is marked as decided offline: the server then records any refusal for review.

export type Outcome =
  /** The server applied it (or had already: a resend); its answer, typed by operation. */
  | { status: 'applied'; clientId: string; occurredAt: string; answer: OperationResult }
  /** Done on the kiosk's own decision; the server will get it at the next sync. */
  | { status: 'queued'; clientId: string; occurredAt: string; local: LocalEffect }
  /** Refused: by the local rules before anything was queued, or by the server. */
  | {
      status: 'refused'
      clientId: string | null
      code: ErrorCode | string
      details: Record<string, unknown>
    }
  /** The server could not apply an operation decided offline: kept for the merchant. */
  | {
      status: 'review'
      clientId: string
      occurredAt: string
      code: string
      details: Record<string, unknown>
    }

export type LocalEffect = { points: number; stamps: number; cardNumber: string | null }

type Staffed = { staffId: string | null }

export type KioskOperations = {
  /** The card as the kiosk knows it, with what the cashier may use now; null if unknown. */
  card(number: string): CardView | null
  earn(
    input: Staffed & { cardNumber: string; amountCents: number; categoryId?: string },
  ): Promise<Outcome>
  stamp(
    input: Staffed & { cardNumber: string; count?: number; categoryId?: string },
  ): Promise<Outcome>
  redeem(input: Staffed & { cardNumber: string; rewardId: string }): Promise<Outcome>
  enroll(
    input: Staffed & {
      email: string
      name: string
      phone?: string
      birthday?: string
      preferredLanguage?: 'en' | 'fr' | 'de' | 'lb'
      marketingConsent?: boolean
    },
  ): Promise<Outcome>
  /**
   * Undoes an earlier earning, stamp or redemption of this kiosk by a reversal (never a delete),
   * within the undo window from the operation's own time (shared/undo-window.ts).
   */
  reverse(input: Staffed & { targetClientId: string; reason: string }): Promise<Outcome>
}

export type CardView = {
  card: LocalCard
  programme: ProgrammeSnapshot
  /** Balance minus pending redemptions plus pending earnings. */
  available: { points: number; stamps: number }
  rewards: RewardSnapshot[]
  /** This card's operations still in the outbox, oldest first. */
  pending: PendingOperation[]
}

export type KioskOperationsOptions = {
  store: KioskStore
  /** Absent: the kiosk never waits for the server (queues only). */
  sync?: Pick<SyncEngine, 'syncNow' | 'state' | 'trigger'>
  timeZone: string
  now?: () => Date
}

type QueuedPayload = Omit<KioskOperation, 'client_id' | 'type'>

const pendingOf = (store: KioskStore): PendingOperation[] =>
  store
    .pendingOperations(100_000)
    .map((op) => ({ type: op.type, ...(op.payload as QueuedPayload) }) as PendingOperation)

/** The server's answer as the sync recorded it (parsed from the sync answer before it was kept). */
const answerOf = (op: OutboxOperation | null): OperationResult | null => {
  if (op?.status !== 'sent') return null
  const answer = OperationResult.safeParse(op.result)
  return answer.success ? answer.data : null
}

const toOutcome = (
  clientId: string,
  occurredAt: string,
  answer: OperationResult,
  local: LocalEffect,
): Outcome => {
  switch (answer.outcome) {
    case 'applied':
      return { status: 'applied', clientId, occurredAt, answer }
    case 'duplicate':
      return answer.error
        ? { status: 'refused', clientId, ...answer.error }
        : { status: 'applied', clientId, occurredAt, answer }
    case 'review':
      return {
        status: 'review',
        clientId,
        occurredAt,
        code: answer.error?.code ?? 'REVIEW',
        details: answer.error?.details ?? {},
      }
    case 'rejected':
      return {
        status: 'refused',
        clientId,
        code: answer.error?.code ?? 'REJECTED',
        details: { ...(answer.error?.details ?? {}), local },
      }
  }
}

export const createKioskOperations = (options: KioskOperationsOptions): KioskOperations => {
  const { store, sync, timeZone } = options
  const now = options.now ?? (() => new Date())

  const card = (number: string): CardView | null => {
    const snapshot = localCard(store, number)
    if (!snapshot) return null
    const programme = localProgrammes(store).find((p) => p.id === snapshot.programme_id)
    if (!programme) return null
    const all = localRewards(store).filter((r) => r.programme_id === programme.id)
    const pending = pendingFor(snapshot, pendingOf(store))
    return {
      card: snapshot,
      programme,
      available: availableBalance(snapshot, programme, all, pending),
      rewards: all,
      pending,
    }
  }

  /** Queues the operation, then waits for the server's answer while it is reachable. */
  const carryOut = async (
    type: KioskOperation['type'],
    body: Omit<QueuedPayload, 'decided_offline'>,
    local: LocalEffect,
  ): Promise<Outcome> => {
    const clientId = randomUUID()
    const online = sync?.state().online ?? false
    store.enqueue({ clientId, type, payload: { ...body, decided_offline: !online } })
    if (sync && online) {
      const after = await sync.syncNow()
      // Revoked meanwhile: the store (and this operation) are gone with it.
      if (after.revoked) return refused('DEVICE_REVOKED')
      const answer = answerOf(store.operation(clientId))
      if (answer) return toOutcome(clientId, body.occurred_at, answer, local)
      store.markDecidedOffline(clientId)
    } else {
      sync?.trigger()
    }
    return { status: 'queued', clientId, occurredAt: body.occurred_at, local }
  }

  const refused = (code: ErrorCode, details: Record<string, unknown> = {}): Outcome => ({
    status: 'refused',
    clientId: null,
    code,
    details,
  })

  const base = (staffId: string | null, at: Date) => ({
    occurred_at: at.toISOString(),
    staff_id: staffId,
  })

  return {
    card,

    earn: async (input) => {
      const view = card(input.cardNumber)
      if (!view) return refused('CARD_NOT_FOUND')
      const at = now()
      const decision = decideOfflineEarning({
        card: view.card,
        programme: view.programme,
        rewards: view.rewards,
        pending: view.pending,
        at,
        timeZone,
        requested: { amountCents: input.amountCents },
      })
      if (!decision.ok) return refused(decision.code, 'details' in decision ? decision.details : {})
      const payload = {
        card_number: input.cardNumber,
        amount_cents: input.amountCents,
        ...(input.categoryId ? { category_id: input.categoryId } : {}),
      }
      return carryOut('earn', { ...base(input.staffId, at), payload } as QueuedPayload, {
        points: decision.granted,
        stamps: 0,
        cardNumber: input.cardNumber,
      })
    },

    stamp: async (input) => {
      const view = card(input.cardNumber)
      if (!view) return refused('CARD_NOT_FOUND')
      const at = now()
      const count = input.count ?? 1
      const decision = decideOfflineEarning({
        card: view.card,
        programme: view.programme,
        rewards: view.rewards,
        pending: view.pending,
        at,
        timeZone,
        requested: { stamps: count },
      })
      if (!decision.ok) return refused(decision.code, 'details' in decision ? decision.details : {})
      const payload = {
        card_number: input.cardNumber,
        count,
        ...(input.categoryId ? { category_id: input.categoryId } : {}),
      }
      return carryOut('stamp', { ...base(input.staffId, at), payload } as QueuedPayload, {
        points: 0,
        stamps: decision.granted,
        cardNumber: input.cardNumber,
      })
    },

    redeem: async (input) => {
      const view = card(input.cardNumber)
      if (!view) return refused('CARD_NOT_FOUND')
      const at = now()
      const online = sync?.state().online ?? false
      const lastSync = lastSyncAt(store)
      const decision = decideOfflineRedemption({
        card: view.card,
        programme: view.programme,
        rewards: view.rewards,
        rewardId: input.rewardId,
        pending: view.pending,
        // Online, the server answers at once: the offline limits do not apply.
        lastSyncAt: online ? at : lastSync ? new Date(lastSync) : null,
        now: at,
        limits: online
          ? { max_offline_minutes_for_redemptions: 1, max_offline_redemption_points: Infinity }
          : localOfflineLimits(store),
      })
      if (!decision.ok) return refused(decision.code, 'details' in decision ? decision.details : {})
      const op = {
        type: 'redeem',
        occurred_at: at.toISOString(),
        payload: { card_number: input.cardNumber, reward_id: input.rewardId },
      } as PendingOperation
      const effect = effectOf(op, view.programme, view.rewards)
      return carryOut(
        'redeem',
        { ...base(input.staffId, at), payload: op.payload } as QueuedPayload,
        { points: effect.points, stamps: effect.stamps, cardNumber: input.cardNumber },
      )
    },

    enroll: async (input) => {
      const at = now()
      const programme = localProgrammes(store).find((p) => p.status === 'active')
      if (!programme) return refused('PROGRAM_INACTIVE')
      const taken = new Set(
        pendingOf(store)
          .filter((op) => op.type === 'enroll')
          .map((op) => (op.payload as { card_number: string }).card_number),
      )
      const number = reservedCardNumbers(store).find(
        (n) => !taken.has(n) && !store.getSnapshot('cards', n),
      )
      if (!number) return refused('OFFLINE_CARD_NUMBERS_EXHAUSTED')
      const payload = {
        card_number: number,
        email: input.email,
        name: input.name,
        ...(input.phone ? { phone: input.phone } : {}),
        ...(input.birthday ? { birthday: input.birthday } : {}),
        ...(input.preferredLanguage ? { preferred_language: input.preferredLanguage } : {}),
        marketing_consent: input.marketingConsent ?? false,
      }
      const outcome = await carryOut(
        'enroll',
        { ...base(input.staffId, at), payload } as QueuedPayload,
        { points: 0, stamps: 0, cardNumber: number },
      )
      if (outcome.status === 'queued') {
        // Until the server answers, the new card lives on the kiosk (balance 0, no bonus yet).
        const provisional: LocalCard = {
          id: `provisional:${number}`,
          number,
          status: 'active',
          programme_id: programme.id,
          points_balance: 0,
          stamps_balance: 0,
          last_earn_at: null,
          customer_name: input.name,
          preferred_language: input.preferredLanguage ?? null,
          provisional: true,
        }
        store.putSnapshot('cards', [{ id: number, data: provisional }])
      }
      return outcome
    },

    reverse: async (input) => {
      const target = store.operation(input.targetClientId)
      if (!target) return refused('ENTRY_NOT_FOUND')
      const at = now()
      const done = target.payload as { occurred_at?: string }
      // Measured from when the kiosk did it: a late answer or a slow screen gives no extra time.
      const undo = checkUndo({ type: target.type, occurredAt: done.occurred_at ?? '' }, at)
      if (!undo.ok) return refused(undo.code, 'details' in undo ? undo.details : {})
      const payload = { target_client_id: input.targetClientId, reason: input.reason }
      return carryOut('reverse', { ...base(input.staffId, at), payload } as QueuedPayload, {
        points: 0,
        stamps: 0,
        cardNumber:
          (target.payload as { payload?: { card_number?: string } }).payload?.card_number ?? null,
      })
    },
  }
}
