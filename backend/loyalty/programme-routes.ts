import { actingOn } from '../policies/scope.ts'
import type { Knex } from 'knex'
import { z } from 'zod'
import {
  ProgrammeDetail,
  ProgrammePatchBody,
  ProgrammeStatusBody,
  RewardCreateBody,
  RewardDeleteQuery,
  RewardDetail,
  RewardIdParams,
  RewardMoveBody,
  RewardPatchBody,
} from '../../shared/schemas/programme-api.ts'
import { defineRoute, type ApiRoute } from '../http/api-route.ts'
import type { AppContext } from '../http/state.ts'
import { createReward } from './commands/create-reward.ts'
import { deleteReward } from './commands/delete-reward.ts'
import { moveReward } from './commands/move-reward.ts'
import { activateProgramme, pauseProgramme } from './commands/set-programme-status.ts'
import { updateProgramme } from './commands/update-programme.ts'
import { updateReward } from './commands/update-reward.ts'
import { listMerchantRewards, loadMerchantProgramme } from './programme-queries.ts'

/** The key's merchant and how it is recorded: every programme command takes both. */
const actingMerchant = (ctx: AppContext) => actingOn(ctx.state.principal!)

const ProgrammeAnswer = z.object({ data: ProgrammeDetail })
const RewardAnswer = z.object({ data: RewardDetail })

/**
 * The merchant's programme and rewards catalogue over the API (the same commands as the
 * merchant's Programme page). Every change names the version it edits: a stale one is
 * EDIT_CONFLICT (409) with the current version in the details.
 */
export const programmeRoutes = (db: Knex): ApiRoute[] => [
  defineRoute({
    method: 'get',
    path: '/programme',
    operationId: 'getProgramme',
    policy: 'programme.read',
    summary: "The merchant's programme: settings, status, terms and version",
    tags: ['programme'],
    response: ProgrammeAnswer,
    status: 200,
    errors: ['NOT_FOUND'],
    handle: async (ctx) => ({
      body: { data: await loadMerchantProgramme(db, actingMerchant(ctx).merchantId) },
    }),
  }),
  defineRoute({
    method: 'patch',
    path: '/programme',
    operationId: 'updateProgramme',
    policy: 'programme.update',
    summary: 'Change some settings of the programme (from the version read)',
    tags: ['programme'],
    body: ProgrammePatchBody,
    response: ProgrammeAnswer,
    status: 200,
    errors: ['NOT_FOUND', 'EDIT_CONFLICT', 'PROGRAMME_HAS_MEMBERS', 'PROGRAMME_TERMS_REQUIRED'],
    handle: async (ctx, { body }) => ({
      body: { data: await updateProgramme(db, { ...actingMerchant(ctx), patch: body }) },
    }),
  }),
  defineRoute({
    method: 'post',
    path: '/programme/activate',
    operationId: 'activateProgramme',
    policy: 'programme.update',
    summary: 'Make the programme live (it needs terms in every store language or a URL)',
    tags: ['programme'],
    body: ProgrammeStatusBody,
    response: ProgrammeAnswer,
    status: 200,
    errors: ['NOT_FOUND', 'EDIT_CONFLICT', 'PROGRAMME_TERMS_REQUIRED'],
    handle: async (ctx, { body }) => ({
      body: {
        data: await activateProgramme(db, { ...actingMerchant(ctx), version: body.version }),
      },
    }),
  }),
  defineRoute({
    method: 'post',
    path: '/programme/pause',
    operationId: 'pauseProgramme',
    policy: 'programme.update',
    summary: 'Pause an active programme (no earning or redeeming until it is active again)',
    tags: ['programme'],
    body: ProgrammeStatusBody,
    response: ProgrammeAnswer,
    status: 200,
    errors: ['NOT_FOUND', 'EDIT_CONFLICT', 'CONFLICT'],
    handle: async (ctx, { body }) => ({
      body: { data: await pauseProgramme(db, { ...actingMerchant(ctx), version: body.version }) },
    }),
  }),
  defineRoute({
    method: 'get',
    path: '/rewards',
    operationId: 'listRewards',
    policy: 'programme.read',
    summary: "The programme's rewards, in catalogue order",
    tags: ['programme'],
    response: z.object({ data: z.array(RewardDetail) }),
    status: 200,
    errors: ['NOT_FOUND'],
    handle: async (ctx) => ({
      body: { data: await listMerchantRewards(db, actingMerchant(ctx).merchantId) },
    }),
  }),
  defineRoute({
    method: 'post',
    path: '/rewards',
    operationId: 'createReward',
    policy: 'programme.update',
    summary: 'Add a reward to the catalogue',
    tags: ['programme'],
    body: RewardCreateBody,
    response: RewardAnswer,
    status: 201,
    errors: ['NOT_FOUND'],
    handle: async (ctx, { body }) => ({
      status: 201,
      body: { data: await createReward(db, { ...actingMerchant(ctx), reward: body }) },
    }),
  }),
  defineRoute({
    method: 'patch',
    path: '/rewards/:id',
    operationId: 'updateReward',
    policy: 'programme.update',
    summary: 'Change a reward (names, cost, active) from the version read',
    tags: ['programme'],
    params: RewardIdParams,
    body: RewardPatchBody,
    response: RewardAnswer,
    status: 200,
    errors: ['REWARD_NOT_FOUND', 'EDIT_CONFLICT'],
    handle: async (ctx, { params, body }) => ({
      body: {
        data: await updateReward(db, { ...actingMerchant(ctx), rewardId: params.id, patch: body }),
      },
    }),
  }),
  defineRoute({
    method: 'delete',
    path: '/rewards/:id',
    operationId: 'deleteReward',
    policy: 'programme.update',
    summary: 'Delete a reward nobody has redeemed (otherwise deactivate it)',
    tags: ['programme'],
    params: RewardIdParams,
    query: RewardDeleteQuery,
    response: z.object({ data: z.object({ deleted: z.literal(true) }) }),
    status: 200,
    errors: ['REWARD_NOT_FOUND', 'REWARD_IN_USE', 'EDIT_CONFLICT'],
    handle: async (ctx, { params, query }) => {
      await deleteReward(db, {
        ...actingMerchant(ctx),
        rewardId: params.id,
        version: query.version,
      })
      return { body: { data: { deleted: true as const } } }
    },
  }),
  defineRoute({
    method: 'post',
    path: '/rewards/:id/move',
    operationId: 'moveReward',
    policy: 'programme.update',
    summary:
      'Move a reward one place up or down the catalogue (from the version read); answers the catalogue',
    tags: ['programme'],
    params: RewardIdParams,
    body: RewardMoveBody,
    response: z.object({ data: z.array(RewardDetail) }),
    status: 200,
    errors: ['REWARD_NOT_FOUND', 'EDIT_CONFLICT'],
    handle: async (ctx, { params, body }) => {
      const acting = actingMerchant(ctx)
      await moveReward(db, { ...acting, rewardId: params.id, ...body })
      return { body: { data: await listMerchantRewards(db, acting.merchantId) } }
    },
  }),
]
