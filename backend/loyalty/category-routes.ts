import { actingOn, merchantScope } from '../policies/scope.ts'
import type { Knex } from 'knex'
import { z } from 'zod'
import {
  CategoryCreateBody,
  CategoryDetail,
  CategoryIdParams,
  CategoryPatchBody,
} from '../../shared/schemas/category-api.ts'
import { defineRoute, type ApiRoute } from '../http/api-route.ts'
import type { AppContext } from '../http/state.ts'
import { listCategories } from './category-queries.ts'
import { createCategory } from './commands/create-category.ts'
import { updateCategory } from './commands/update-category.ts'

/** Who acts, for which merchant, as recorded: every category command takes all three. */
const acting = (ctx: AppContext) => actingOn(ctx.state.principal!)

const One = z.object({ data: CategoryDetail })

/**
 * Transaction categories over the API (the same commands as the merchant's Categories page).
 * No DELETE: ledger entries name their category; `active: false` takes it off the kiosks.
 */
export const categoryRoutes = (db: Knex): ApiRoute[] => [
  defineRoute({
    method: 'get',
    path: '/categories',
    operationId: 'listCategories',
    policy: 'category.read',
    summary: 'The transaction categories, merchant-wide first, then per store, in order',
    tags: ['categories'],
    response: z.object({ data: z.array(CategoryDetail) }),
    status: 200,
    errors: [],
    handle: async (ctx) => ({
      body: { data: await listCategories(db, merchantScope(ctx.state.principal!)) },
    }),
  }),
  defineRoute({
    method: 'post',
    path: '/categories',
    operationId: 'createCategory',
    policy: 'category.create',
    summary: 'Add a category for the whole merchant (no store_id) or one store',
    tags: ['categories'],
    body: CategoryCreateBody,
    response: One,
    status: 201,
    errors: ['NOT_FOUND'],
    handle: async (ctx, { body }) => ({
      status: 201,
      body: { data: await createCategory(db, { ...acting(ctx), category: body }) },
    }),
  }),
  defineRoute({
    method: 'patch',
    path: '/categories/:id',
    operationId: 'updateCategory',
    policy: 'category.update',
    summary: 'Rename, reorder, deactivate or reactivate a category (from the version read)',
    tags: ['categories'],
    params: CategoryIdParams,
    body: CategoryPatchBody,
    response: One,
    status: 200,
    errors: ['NOT_FOUND', 'EDIT_CONFLICT'],
    handle: async (ctx, { params, body }) => ({
      body: {
        data: await updateCategory(db, { ...acting(ctx), categoryId: params.id, patch: body }),
      },
    }),
  }),
]
