import type { Knex } from 'knex'
import { z } from 'zod'
import {
  ReviewApplyBody,
  ReviewDismissBody,
  ReviewIdParams,
  ReviewItem,
  ReviewListQuery,
  ReviewPage,
} from '../../shared/schemas/review-api.ts'
import { defineRoute, type ApiRoute } from '../http/api-route.ts'
import { actingOn, merchantScope } from '../policies/scope.ts'
import {
  APPLY_REFUSALS,
  applyReviewItem,
  dismissReviewItem,
} from './commands/decide-review-item.ts'
import { listReviewItems } from './queries/review-items.ts'

const ItemAnswer = z.object({ data: ReviewItem })

/**
 * The review queue over the API (the same query and commands as the merchant's Review page):
 * the items waiting or decided, and the two decisions. Each decision names the version read;
 * an item decided already is REVIEW_ALREADY_DECIDED (409), whoever decided it.
 */
export const reviewRoutes = (db: Knex): ApiRoute[] => [
  defineRoute({
    method: 'get',
    path: '/review',
    operationId: 'listReviewItems',
    policy: 'review.read',
    summary:
      'Operations kiosks decided offline that the server could not apply: waiting or decided',
    tags: ['review'],
    query: ReviewListQuery,
    response: ReviewPage,
    status: 200,
    errors: [],
    handle: async (ctx, { query }) => ({
      body: await listReviewItems(db, merchantScope(ctx.state.principal!), query),
    }),
  }),
  defineRoute({
    method: 'post',
    path: '/review/:id/apply',
    operationId: 'applyReviewItem',
    policy: 'review.resolve',
    summary:
      'Apply the operation as the kiosk decided it (a redemption the balance no longer covers: the rest is written off)',
    tags: ['review'],
    params: ReviewIdParams,
    body: ReviewApplyBody,
    response: ItemAnswer,
    status: 200,
    errors: ['NOT_FOUND', 'EDIT_CONFLICT', 'REVIEW_ALREADY_DECIDED', ...APPLY_REFUSALS],
    handle: async (ctx, { params, body }) => ({
      body: {
        data: await applyReviewItem(db, {
          ...actingOn(ctx.state.principal!),
          reviewId: params.id,
          version: body.version,
          reason: body.reason,
        }),
      },
    }),
  }),
  defineRoute({
    method: 'post',
    path: '/review/:id/dismiss',
    operationId: 'dismissReviewItem',
    policy: 'review.resolve',
    summary: 'Dismiss the operation with a reason: nothing reaches the ledger, the item is kept',
    tags: ['review'],
    params: ReviewIdParams,
    body: ReviewDismissBody,
    response: ItemAnswer,
    status: 200,
    errors: ['NOT_FOUND', 'EDIT_CONFLICT', 'REVIEW_ALREADY_DECIDED'],
    handle: async (ctx, { params, body }) => ({
      body: {
        data: await dismissReviewItem(db, {
          ...actingOn(ctx.state.principal!),
          reviewId: params.id,
          version: body.version,
          reason: body.reason,
        }),
      },
    }),
  }),
]
