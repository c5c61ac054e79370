import type { Knex } from 'knex'
import { z } from 'zod'
import {
  StoreDetail,
  StoreIdParams,
  StorePatchBody,
  StoreVersionQuery,
} from '../../shared/schemas/store-api.ts'
import { defineRoute, type ApiRoute } from '../http/api-route.ts'
import { readLimitedBody } from '../http/limited-body.ts'
import type { AppContext } from '../http/state.ts'
import { authorize } from '../policies/policies.ts'
import { merchantScope } from '../policies/scope.ts'
import { updateStore } from './commands/update-store.ts'
import { presentStoreDetail } from './presenters.ts'
import { findMerchantStore, listMerchantStores } from './queries/merchant-stores.ts'
import { acceptLogo, LOGO_MAX_BYTES, LOGO_TYPES } from './store-logo.ts'

const principalOf = (ctx: AppContext) => ctx.state.principal!

const One = z.object({ data: StoreDetail })

/**
 * The merchant's stores and their branding over the API (the same command as the Stores page).
 * A logo is sent as the raw image (`PUT /stores/{id}/logo`, Content-Type image/png, image/jpeg
 * or image/svg+xml, at most 1 MB), checked by its bytes; every change names the version it
 * edits (a logo's in `?version=`), and a stale one is EDIT_CONFLICT (409).
 */
export const storeRoutes = (db: Knex): ApiRoute[] => [
  defineRoute({
    method: 'get',
    path: '/stores',
    operationId: 'listStores',
    policy: 'store.read',
    summary: "The merchant's stores: details, branding and version",
    tags: ['stores'],
    response: z.object({ data: z.array(StoreDetail) }),
    status: 200,
    errors: [],
    handle: async (ctx) => ({
      body: {
        data: (await listMerchantStores(db, merchantScope(principalOf(ctx)))).map(
          presentStoreDetail,
        ),
      },
    }),
  }),
  defineRoute({
    method: 'patch',
    path: '/stores/:id',
    operationId: 'updateStore',
    policy: 'store.update',
    summary:
      'Change some details of a store (names per language, address, phone, time zone, language, colour)',
    tags: ['stores'],
    params: StoreIdParams,
    body: StorePatchBody,
    response: One,
    status: 200,
    errors: ['NOT_FOUND', 'EDIT_CONFLICT', 'PROGRAMME_TERMS_REQUIRED'],
    handle: async (ctx, { params, body }) => ({
      body: {
        data: await updateStore(db, {
          principal: principalOf(ctx),
          storeId: params.id,
          patch: body,
        }),
      },
    }),
  }),
  defineRoute({
    method: 'put',
    path: '/stores/:id/logo',
    operationId: 'setStoreLogo',
    policy: 'store.update',
    summary: "Replace a store's logo with the image in the body (PNG, JPEG or SVG, 1 MB at most)",
    tags: ['stores'],
    params: StoreIdParams,
    query: StoreVersionQuery,
    rawBody: {
      types: LOGO_TYPES,
      description:
        'The image itself. Its bytes decide its type, which must match the Content-Type; an SVG with scripts, event handlers or outside references is refused (VALIDATION_FAILED, field logo).',
    },
    response: One,
    status: 200,
    errors: ['NOT_FOUND', 'EDIT_CONFLICT'],
    handle: async (ctx, { params, query }) => {
      // The store first: a body is read only for a store the caller runs.
      const principal = principalOf(ctx)
      const { merchantId } = merchantScope(principal)
      const store = await findMerchantStore(db, merchantId, params.id)
      authorize(principal, 'store.update', { merchantId, storeId: store.id })
      const logo = acceptLogo(
        await readLimitedBody(ctx.req, LOGO_MAX_BYTES),
        ctx.get('content-type') || null,
      )
      return {
        body: {
          data: await updateStore(db, {
            principal,
            storeId: store.id,
            patch: { version: query.version },
            logo: { set: logo },
          }),
        },
      }
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/stores/:id/logo',
    operationId: 'removeStoreLogo',
    policy: 'store.update',
    summary: "Remove a store's logo (the storefront shows the store's name alone)",
    tags: ['stores'],
    params: StoreIdParams,
    query: StoreVersionQuery,
    response: One,
    status: 200,
    errors: ['NOT_FOUND', 'EDIT_CONFLICT'],
    handle: async (ctx, { params, query }) => ({
      body: {
        data: await updateStore(db, {
          principal: principalOf(ctx),
          storeId: params.id,
          patch: { version: query.version },
          logo: { remove: true },
        }),
      },
    }),
  }),
]
