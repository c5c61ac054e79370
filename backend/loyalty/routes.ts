import type { Knex } from 'knex'
import { z } from 'zod'
import { defineRoute, type ApiRoute } from '../http/api-route.ts'
import { recordedActor } from '../policies/principal.ts'
import { merchantScope } from '../policies/scope.ts'
import type { AppContext } from '../http/state.ts'
import type { MovementProps } from './commands/movement-props.ts'
import {
  AdjustBody,
  CardDetail,
  CardLookupQuery,
  CardNumberParams,
  CardSummary,
  EarnBody,
  EnrollBody,
  EnrollmentResult,
  EntryIdParams,
  HistoryPage,
  HistoryQuery,
  MovementResult,
  RedeemBody,
  ReverseBody,
  StampBody,
} from '../../shared/schemas/loyalty-api.ts'
import { enrollCustomer } from './commands/enroll-customer.ts'
import { earnPoints } from './commands/earn-points.ts'
import { addStamps } from './commands/add-stamps.ts'
import { redeemReward } from './commands/redeem-reward.ts'
import { adjustBalance } from './commands/adjust-balance.ts'
import { reverseEntry } from './commands/reverse-entry.ts'
import { findCards, loadCardDetail, loadHistory } from './queries.ts'

/** The merchant whose data the caller reaches (every query and command is scoped by it). */
const merchantOf = (ctx: AppContext) => merchantScope(ctx.state.principal!).merchantId

const movementStatus = (result: MovementResult) => ({
  status: result.duplicate ? 200 : 201,
  body: { data: result },
})

/** The fields every cashier movement takes from the request. */
const movementFrom = (
  ctx: AppContext,
  number: string,
  body: {
    client_id: string
    store_code: string
    occurred_at?: string | undefined
    reason?: string | undefined
    staff_id?: string | undefined
  },
): MovementProps => ({
  merchantId: merchantOf(ctx),
  cardNumber: number,
  storeCode: body.store_code,
  clientId: body.client_id,
  occurredAt: body.occurred_at ? new Date(body.occurred_at) : undefined,
  reason: body.reason,
  staffId: body.staff_id,
  actor: recordedActor(ctx.state.principal!),
})

const MOVEMENT_ERRORS = [
  'CARD_NOT_FOUND',
  'CARD_BLOCKED',
  'STORE_NOT_FOUND',
  'IDEMPOTENCY_CONFLICT',
] as const

/** The loyalty operations of the JSON API; every query is scoped to the key's merchant. */
export const loyaltyRoutes = (db: Knex): ApiRoute[] => [
  defineRoute({
    method: 'post',
    path: '/enrollments',
    operationId: 'enrollCustomer',
    policy: 'card.enroll',
    summary: 'Enroll a customer (idempotent per customer and merchant)',
    tags: ['cards'],
    body: EnrollBody,
    response: z.object({ data: EnrollmentResult }),
    status: 201,
    errors: ['STORE_NOT_FOUND', 'PROGRAM_INACTIVE', 'IDEMPOTENCY_CONFLICT'],
    handle: async (ctx, { body }) => {
      const enrollment = await enrollCustomer(db, {
        merchantId: merchantOf(ctx),
        storeCode: body.store_code,
        clientId: body.client_id,
        email: body.email,
        name: body.name,
        phone: body.phone,
        birthday: body.birthday,
        preferredLanguage: body.preferred_language,
        marketingConsent: body.marketing_consent,
        actor: recordedActor(ctx.state.principal!),
      })
      const fresh = !enrollment.alreadyMember && !enrollment.duplicate
      const detail = await loadCardDetail(db, enrollment.card.merchant_id, enrollment.card.number)
      return {
        status: fresh ? 201 : 200,
        body: {
          data: {
            card: detail,
            already_member: enrollment.alreadyMember,
            duplicate: enrollment.duplicate,
            welcome_bonus: enrollment.welcomeBonus,
          },
        },
      }
    },
  }),
  defineRoute({
    method: 'get',
    path: '/cards',
    operationId: 'findCards',
    policy: 'card.read',
    summary: 'Look up cards by number, email or phone',
    tags: ['cards'],
    query: CardLookupQuery,
    response: z.object({ data: z.array(CardSummary) }),
    status: 200,
    errors: [],
    handle: async (ctx, { query }) => ({
      body: { data: await findCards(db, merchantOf(ctx), query) },
    }),
  }),
  defineRoute({
    method: 'get',
    path: '/cards/:number',
    operationId: 'getCard',
    policy: 'card.read',
    summary: 'Card detail: customer (with phone and birthday), balances, rewards',
    tags: ['cards'],
    params: CardNumberParams,
    response: z.object({ data: CardDetail }),
    status: 200,
    errors: ['CARD_NOT_FOUND'],
    handle: async (ctx, { params }) => ({
      body: { data: await loadCardDetail(db, merchantOf(ctx), params.number) },
    }),
  }),
  defineRoute({
    method: 'get',
    path: '/cards/:number/history',
    operationId: 'getCardHistory',
    policy: 'card.read',
    summary: 'Ledger of a card, newest first, paginated',
    tags: ['cards'],
    params: CardNumberParams,
    query: HistoryQuery,
    response: HistoryPage,
    status: 200,
    errors: ['CARD_NOT_FOUND'],
    handle: async (ctx, { params, query }) => ({
      body: await loadHistory(db, merchantOf(ctx), params.number, query),
    }),
  }),
  defineRoute({
    method: 'post',
    path: '/cards/:number/earn',
    operationId: 'earnPoints',
    policy: 'card.earn',
    summary: 'Earn points for a purchase amount',
    tags: ['ledger'],
    params: CardNumberParams,
    body: EarnBody,
    response: z.object({ data: MovementResult }),
    status: 201,
    errors: [
      ...MOVEMENT_ERRORS,
      'PROGRAM_INACTIVE',
      'PROGRAM_TYPE_MISMATCH',
      'POINTS_COOLDOWN',
      'DAILY_CAP_REACHED',
      'CATEGORY_NOT_FOUND',
    ],
    handle: async (ctx, { params, body }) =>
      movementStatus(
        await earnPoints(db, {
          ...movementFrom(ctx, params.number, body),
          amountCents: body.amount_cents,
          categoryId: body.category_id,
        }),
      ),
  }),
  defineRoute({
    method: 'post',
    path: '/cards/:number/stamps',
    operationId: 'addStamps',
    policy: 'card.stamp',
    summary: 'Add stamps for a visit',
    tags: ['ledger'],
    params: CardNumberParams,
    body: StampBody,
    response: z.object({ data: MovementResult }),
    status: 201,
    errors: [
      ...MOVEMENT_ERRORS,
      'PROGRAM_INACTIVE',
      'PROGRAM_TYPE_MISMATCH',
      'STAMP_COOLDOWN',
      'DAILY_CAP_REACHED',
      'CATEGORY_NOT_FOUND',
    ],
    handle: async (ctx, { params, body }) =>
      movementStatus(
        await addStamps(db, {
          ...movementFrom(ctx, params.number, body),
          count: body.count,
          categoryId: body.category_id,
        }),
      ),
  }),
  defineRoute({
    method: 'post',
    path: '/cards/:number/redeem',
    operationId: 'redeemReward',
    policy: 'card.redeem',
    summary: 'Redeem a reward in any store of the merchant',
    tags: ['ledger'],
    params: CardNumberParams,
    body: RedeemBody,
    response: z.object({ data: MovementResult }),
    status: 201,
    errors: [
      ...MOVEMENT_ERRORS,
      'PROGRAM_INACTIVE',
      'REWARD_NOT_FOUND',
      'REWARD_INACTIVE',
      'INSUFFICIENT_POINTS',
      'INSUFFICIENT_STAMPS',
    ],
    handle: async (ctx, { params, body }) =>
      movementStatus(
        await redeemReward(db, {
          ...movementFrom(ctx, params.number, body),
          rewardId: body.reward_id,
        }),
      ),
  }),
  defineRoute({
    method: 'post',
    path: '/cards/:number/adjust',
    operationId: 'adjustBalance',
    policy: 'card.adjust',
    summary: 'Correct a balance, with a reason (audited)',
    tags: ['ledger'],
    params: CardNumberParams,
    body: AdjustBody,
    response: z.object({ data: MovementResult }),
    status: 201,
    errors: [...MOVEMENT_ERRORS, 'INSUFFICIENT_POINTS', 'INSUFFICIENT_STAMPS'],
    handle: async (ctx, { params, body }) =>
      movementStatus(
        await adjustBalance(db, {
          merchantId: merchantOf(ctx),
          cardNumber: params.number,
          storeCode: body.store_code,
          clientId: body.client_id,
          pointsDelta: body.points_delta,
          stampsDelta: body.stamps_delta,
          reason: body.reason,
          actor: recordedActor(ctx.state.principal!),
          requestId: ctx.state.requestId,
        }),
      ),
  }),
  defineRoute({
    method: 'post',
    path: '/ledger-entries/:id/reverse',
    operationId: 'reverseEntry',
    policy: 'entry.reverse',
    summary: 'Reverse a movement with a compensating entry (once only)',
    tags: ['ledger'],
    params: EntryIdParams,
    body: ReverseBody,
    response: z.object({ data: MovementResult }),
    status: 201,
    errors: [
      'ENTRY_NOT_FOUND',
      'ALREADY_REVERSED',
      'NOT_REVERSIBLE',
      'INSUFFICIENT_POINTS',
      'INSUFFICIENT_STAMPS',
      'IDEMPOTENCY_CONFLICT',
      'STORE_NOT_FOUND',
    ],
    handle: async (ctx, { params, body }) =>
      movementStatus(
        await reverseEntry(db, {
          merchantId: merchantOf(ctx),
          entryId: params.id,
          clientId: body.client_id,
          reason: body.reason,
          storeCode: body.store_code,
          actor: recordedActor(ctx.state.principal!),
          requestId: ctx.state.requestId,
        }),
      ),
  }),
]
