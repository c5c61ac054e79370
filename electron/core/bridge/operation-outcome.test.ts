import { describe, expect, it } from 'vitest'
import { OperationOutcomeSchema } from '../../../shared/kiosk-bridge.ts'
import type { OperationResult } from '../../../shared/schemas/kiosk-answers.ts'
import type { LedgerEntryType } from '../../../shared/schemas/loyalty-api.ts'
import { BridgeFailure } from './dispatch-bridge.ts'
import { presentOperationOutcome } from './operation-outcome.ts'

const CLIENT = '9d1c7a52-3f4e-4b8a-9c0d-1e2f3a4b5c6d'
const AT = '2026-11-20T09:00:00.000Z'
const NUMBER = '482910375561'

const movement = (type: LedgerEntryType, points: number, stamps = 0) => ({
  entry: {
    id: '0b9f3c1e-7a52-4c1d-9d0e-2f5b8a6c4d01',
    type,
    status: 'applied' as const,
    points_delta: points,
    stamps_delta: stamps,
    points_balance_after: 100 + points,
    stamps_balance_after: stamps,
    amount_cents: null,
    currency: 'EUR',
    store_code: 'FASHIONHUB',
    store_name: 'FashionHub',
    category_id: null,
    reward_id: null,
    reason: null,
    reversal_of: null,
    client_id: CLIENT,
    occurred_at: AT,
    recorded_at: AT,
  },
  card: { number: NUMBER, points_balance: 100 + points, stamps_balance: stamps },
  duplicate: false,
  capped: false,
})

const applied = (answer: OperationResult) =>
  presentOperationOutcome({ status: 'applied', clientId: CLIENT, occurredAt: AT, answer })

const answered = { client_id: CLIENT, outcome: 'applied', error: null } as const

describe('the operation outcome', () => {
  it("shows what the server's answer did: points, stamps and the card", () => {
    const earned = applied({ ...answered, type: 'earn', result: movement('earn', 42) })
    expect(earned).toEqual({
      clientId: CLIENT,
      occurredAt: AT,
      status: 'applied',
      points: 42,
      stamps: 0,
      cardNumber: NUMBER,
      review: null,
    })
    expect(OperationOutcomeSchema.parse(earned)).toEqual(earned)
    expect(applied({ ...answered, type: 'stamp', result: movement('stamp', 0, 2) })).toMatchObject({
      points: 0,
      stamps: 2,
    })
    expect(
      applied({ ...answered, type: 'reverse', result: movement('reverse', -42) }),
    ).toMatchObject({ points: -42, cardNumber: NUMBER })
  })

  it('shows the card an enrollment gave, a member’s own when they were one already', () => {
    const enrolled = applied({
      ...answered,
      type: 'enroll',
      result: {
        card_number: NUMBER,
        already_member: true,
        welcome_bonus: 0,
        points_balance: 120,
        stamps_balance: 0,
      },
    })
    expect(enrolled).toMatchObject({ status: 'applied', points: 0, stamps: 0, cardNumber: NUMBER })
  })

  it('shows nothing moved when the answer holds no record', () => {
    expect(applied({ ...answered, type: 'redeem', result: null })).toMatchObject({
      points: 0,
      stamps: 0,
      cardNumber: null,
    })
  })

  it("shows the kiosk's own decision while queued, and the reason when kept for review", () => {
    expect(
      presentOperationOutcome({
        status: 'queued',
        clientId: CLIENT,
        occurredAt: AT,
        local: { points: 15, stamps: 0, cardNumber: NUMBER },
      }),
    ).toMatchObject({ status: 'queued', points: 15, cardNumber: NUMBER, review: null })
    expect(
      presentOperationOutcome({
        status: 'review',
        clientId: CLIENT,
        occurredAt: AT,
        code: 'INSUFFICIENT_POINTS',
        details: { balance: 10, cost: 100 },
      }),
    ).toMatchObject({
      status: 'review',
      points: 0,
      review: { code: 'INSUFFICIENT_POINTS', details: { balance: 10, cost: 100 } },
    })
  })

  it('answers a refusal as a failure with its code and details', () => {
    let failure: unknown = null
    try {
      presentOperationOutcome({
        status: 'refused',
        clientId: null,
        code: 'POINTS_COOLDOWN',
        details: { cooldown_minutes: 5 },
      })
    } catch (error) {
      failure = error
    }
    expect(failure).toBeInstanceOf(BridgeFailure)
    expect(failure).toMatchObject({ code: 'POINTS_COOLDOWN', details: { cooldown_minutes: 5 } })
  })
})
