import type { Knex } from 'knex'
import { z } from 'zod'
import { defineRoute, type ApiRoute } from '../http/api-route.ts'
import { merchantScope } from '../policies/scope.ts'
import {
  AnonymizeAnswer,
  AnonymizeBody,
  BlockCardBody,
  BlockCardParams,
  CardStatusAnswer,
  CustomerIdParams,
  CustomerPatchBody,
  CustomerRecord,
  CustomerSearchPage,
  CustomerSearchQuery,
} from '../../shared/schemas/customer-api.ts'
import { anonymizeCustomer } from './customers/commands/anonymize-customer.ts'
import { setCardBlocked } from './customers/commands/set-card-blocked.ts'
import { updateCustomer } from './customers/commands/update-customer.ts'
import { findMember, loadCustomerRecord, searchCustomers } from './customers/customer-queries.ts'

/**
 * The merchant's members through the API (docs/architecture.md "Customers and cards"): the
 * same search and commands as the Customers pages, for the merchant's key. Adjustments and
 * reversals are the loyalty routes' (`/cards/{number}/adjust`, `/ledger-entries/{id}/reverse`).
 */
export const customerRoutes = (db: Knex): ApiRoute[] => [
  defineRoute({
    method: 'get',
    path: '/customers',
    operationId: 'searchCustomers',
    policy: 'customer.read',
    summary: 'Search members by card number, email or its beginning, phone, or name beginning',
    tags: ['customers'],
    query: CustomerSearchQuery,
    response: CustomerSearchPage,
    status: 200,
    errors: ['INVALID_CARD_NUMBER'],
    handle: async (ctx, { query }) => ({
      body: await searchCustomers(db, merchantScope(ctx.state.principal!).merchantId, query),
    }),
  }),
  defineRoute({
    method: 'patch',
    path: '/customers/:id',
    operationId: 'updateCustomer',
    policy: 'customer.update',
    summary: "Change a member's contact details (partial, from the version read)",
    tags: ['customers'],
    params: CustomerIdParams,
    body: CustomerPatchBody,
    response: z.object({ data: CustomerRecord }),
    status: 200,
    errors: ['CUSTOMER_NOT_FOUND', 'EDIT_CONFLICT'],
    handle: async (ctx, { params, body }) => {
      const principal = ctx.state.principal!
      await updateCustomer(db, { principal, customerId: params.id, patch: body })
      const { merchantId } = merchantScope(principal)
      const member = await findMember(db, merchantId, { customerId: params.id })
      return { body: { data: await loadCustomerRecord(db, merchantId, member.cardNumber) } }
    },
  }),
  ...(['block', 'unblock'] as const).map((verb) =>
    defineRoute({
      method: 'post',
      path: `/cards/:number/${verb}`,
      operationId: `${verb}Card`,
      policy: 'customer.block',
      summary:
        verb === 'block'
          ? 'Block a card: it neither earns nor redeems; kiosks learn it at their next sync'
          : 'Unblock a card',
      tags: ['customers'],
      params: BlockCardParams,
      body: BlockCardBody,
      response: CardStatusAnswer,
      status: 200,
      errors: ['CARD_NOT_FOUND'],
      handle: async (ctx, { params, body }) => ({
        body: {
          data: await setCardBlocked(db, {
            principal: ctx.state.principal!,
            number: params.number,
            blocked: verb === 'block',
            reason: body.reason,
          }),
        },
      }),
    }),
  ),
  defineRoute({
    method: 'post',
    path: '/customers/:id/anonymize',
    operationId: 'anonymizeCustomer',
    policy: 'customer.anonymize',
    summary: "Erase a member's personal data (the ledger stays, naming nobody)",
    tags: ['customers'],
    params: CustomerIdParams,
    body: AnonymizeBody,
    response: AnonymizeAnswer,
    status: 200,
    errors: ['CUSTOMER_NOT_FOUND'],
    handle: async (ctx, { params, body }) => {
      const done = await anonymizeCustomer(db, {
        principal: ctx.state.principal!,
        customerId: params.id,
        reason: body.reason,
        requestId: ctx.state.requestId,
      })
      return {
        body: {
          data: { id: params.id, anonymized: true as const, cards_blocked: done.cardIds.length },
        },
      }
    },
  }),
]
