import type { Knex } from 'knex'
import { z } from 'zod'
import { defineRoute, type ApiRoute } from '../http/api-route.ts'
import type { AppContext } from '../http/state.ts'
import { recordedActor } from '../policies/principal.ts'
import { merchantScope } from '../policies/scope.ts'
import {
  CreateStaffBody,
  SetStaffPinBody,
  StaffIdParams,
  StaffMemberResult,
  UpdateStaffBody,
} from '../../shared/schemas/staff-api.ts'
import { reachableCashier } from './cashier-reach.ts'
import { createStaff } from './commands/create-staff.ts'
import { setStaffActive } from './commands/set-staff-active.ts'
import { setStaffPin } from './commands/set-staff-pin.ts'
import { unlockStaffPin } from './commands/unlock-staff-pin.ts'
import { findStaffMember, listStaffMembers, presentStaffMember } from './queries/staff.ts'
import { AppError } from '../errors.ts'

const principalOf = (ctx: AppContext) => ctx.state.principal!
const actorOf = (ctx: AppContext) => recordedActor(principalOf(ctx))

/** The cashier as it is now, presented (after a command). */
const current = async (db: Knex, ctx: AppContext, id: string) => {
  const staff = await findStaffMember(db, merchantScope(principalOf(ctx)).merchantId, id)
  if (!staff) throw new AppError('NOT_FOUND')
  return presentStaffMember(staff)
}

const One = z.object({ data: StaffMemberResult })

/** Cashiers and their kiosk PINs, for the merchant's API key (the same commands as the page). */
export const staffRoutes = (db: Knex): ApiRoute[] => [
  defineRoute({
    method: 'get',
    path: '/staff',
    operationId: 'listStaff',
    policy: 'staff.read',
    summary: "The merchant's cashiers with their stores, PIN state and counted failed PINs",
    tags: ['staff'],
    response: z.object({ data: z.array(StaffMemberResult) }),
    status: 200,
    errors: [],
    handle: async (ctx) => ({
      body: {
        data: (await listStaffMembers(db, merchantScope(principalOf(ctx)))).map(presentStaffMember),
      },
    }),
  }),
  defineRoute({
    method: 'post',
    path: '/staff',
    operationId: 'createStaff',
    policy: 'staff.create',
    summary: 'Create a cashier for some stores, with a PIN',
    tags: ['staff'],
    body: CreateStaffBody,
    response: One,
    status: 201,
    errors: [],
    handle: async (ctx, { body }) => {
      const { id } = await createStaff(db, {
        ...merchantScope(principalOf(ctx)),
        name: body.name,
        storeCodes: body.stores,
        pin: body.pin,
        actor: actorOf(ctx),
      })
      return { body: { data: await current(db, ctx, id) } }
    },
  }),
  defineRoute({
    method: 'patch',
    path: '/staff/:id',
    operationId: 'updateStaff',
    policy: 'staff.update',
    summary: 'Deactivate or reactivate a cashier (from the version read)',
    tags: ['staff'],
    params: StaffIdParams,
    body: UpdateStaffBody,
    response: One,
    status: 200,
    errors: ['NOT_FOUND', 'EDIT_CONFLICT'],
    handle: async (ctx, { params, body }) => {
      const staff = await reachableCashier(db, principalOf(ctx), 'staff.update', params.id)
      await setStaffActive(db, { ...staff, ...body, actor: actorOf(ctx) })
      return { body: { data: await current(db, ctx, params.id) } }
    },
  }),
  defineRoute({
    method: 'put',
    path: '/staff/:id/pin',
    operationId: 'setStaffPin',
    policy: 'staff.pin.set',
    summary: "Give a cashier a new PIN (the merchant's length, not trivial); lifts a lock",
    tags: ['staff'],
    params: StaffIdParams,
    body: SetStaffPinBody,
    response: One,
    status: 200,
    errors: ['NOT_FOUND'],
    handle: async (ctx, { params, body }) => {
      const staff = await reachableCashier(db, principalOf(ctx), 'staff.pin.set', params.id)
      await setStaffPin(db, { ...staff, pin: body.pin, actor: actorOf(ctx) })
      return { body: { data: await current(db, ctx, params.id) } }
    },
  }),
  defineRoute({
    method: 'post',
    path: '/staff/:id/unlock',
    operationId: 'unlockStaffPin',
    policy: 'staff.pin.unlock',
    summary: "Lift a cashier's PIN lock (same PIN); failures count from now",
    tags: ['staff'],
    params: StaffIdParams,
    response: One,
    status: 200,
    errors: ['NOT_FOUND'],
    handle: async (ctx, { params }) => {
      const staff = await reachableCashier(db, principalOf(ctx), 'staff.pin.unlock', params.id)
      await unlockStaffPin(db, { ...staff, actor: actorOf(ctx) })
      return { body: { data: await current(db, ctx, params.id) } }
    },
  }),
]
