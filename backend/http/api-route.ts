import type Router from '@koa/router'
import type { Middleware } from 'koa'
import { z } from 'zod'
import { ERROR_STATUS, type ErrorCode, type FieldError } from '../../shared/errors.ts'
import { AppError, validationFailed } from '../errors.ts'
import { authorize, type Action } from '../policies/policies.ts'
import { ANONYMOUS } from '../policies/principal.ts'
import type { AppContext, AppState } from './state.ts'
import { nulCharacterFields } from './nul-characters.ts'

type Schema = z.ZodType

/** One JSON API operation: its schemas drive validation, the OpenAPI document and the tests. */
export type ApiRoute<
  P extends Schema = Schema,
  Q extends Schema = Schema,
  B extends Schema = Schema,
> = {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete'
  /** Koa path syntax: `/cards/:number/earn`. */
  path: string
  operationId: string
  summary: string
  tags: string[]
  /** How callers authenticate (OpenAPI): a merchant API key (default), a kiosk credential, none. */
  security?: 'apiKey' | 'device' | 'none'
  /** The action its callers must be allowed (backend/policies): checked before the handler. */
  policy: Action
  params?: P
  query?: Q
  body?: B
  /** A body that is not JSON (an image): its media types, for the OpenAPI document; the handler reads it. */
  rawBody?: { types: readonly string[]; description: string }
  response: Schema
  /** A success that is not JSON (a CSV download, streamed): its media type, for the OpenAPI document. */
  responseType?: string
  /** Status of a fresh success; `handle` may return another (200 for a replay). */
  status: number
  errors: ErrorCode[]
  handle: (
    ctx: AppContext,
    input: { params: z.output<P>; query: z.output<Q>; body: z.output<B> },
  ) => Promise<{ status?: number; body: unknown }>
}

/** Keeps the route's schema types attached to its handler. */
export const defineRoute = <
  P extends Schema = Schema,
  Q extends Schema = Schema,
  B extends Schema = Schema,
>(
  route: ApiRoute<P, Q, B>,
): ApiRoute => route as unknown as ApiRoute

type Parsed = { ok: true; value: unknown } | { ok: false; fields: FieldError[] }

const parse = (schema: Schema | undefined, value: unknown, where: string): Parsed => {
  if (!schema) return { ok: true, value: undefined }
  // NUL first: PostgreSQL cannot store it, whatever the field's schema says.
  const refused = nulCharacterFields(value, where)
  const parsed = schema.safeParse(value)
  if (parsed.success && refused.length === 0) return { ok: true, value: parsed.data }
  const invalid = parsed.success ? [] : validationFailed(parsed.error, where).details.fields
  const refusedPaths = new Set(refused.map((field) => field.path))
  return { ok: false, fields: [...refused, ...invalid.filter((f) => !refusedPaths.has(f.path))] }
}

/**
 * Mounts every route on the router behind `authenticate` (which sets the request's principal),
 * asks the route's policy, then validates all input.
 */
export const mountRoutes = (
  router: Router<AppState>,
  routes: ApiRoute[],
  authenticate: Middleware<AppState>,
) => {
  for (const route of routes) {
    router[route.method](route.path, authenticate, async (ctx: AppContext) => {
      authorize(ctx.state.principal ?? ANONYMOUS, route.policy)
      // Every part is checked, so one answer lists every invalid field.
      const params = parse(
        route.params,
        { ...(ctx as unknown as { params: object }).params },
        'params',
      )
      const query = parse(route.query, { ...ctx.query }, 'query')
      const body = parse(route.body, (ctx.request as { body?: unknown }).body ?? {}, 'body')
      if (!params.ok || !query.ok || !body.ok) {
        const fields = [params, query, body].flatMap((p) => (p.ok ? [] : p.fields))
        throw new AppError('VALIDATION_FAILED', { fields })
      }
      const result = await route.handle(ctx, {
        params: params.value,
        query: query.value,
        body: body.value,
      } as never)
      ctx.status = result.status ?? route.status
      ctx.body = result.body
    })
  }
}

const toJsonSchema = (schema: Schema, io: 'input' | 'output') =>
  z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' })

const ErrorResponseSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'details'],
      properties: {
        code: { type: 'string', enum: Object.keys(ERROR_STATUS) },
        message: { type: 'string' },
        details: { type: 'object' },
        request_id: { type: 'string' },
      },
    },
  },
}

const parametersOf = (schema: Schema | undefined, where: 'path' | 'query') => {
  if (!schema) return []
  const json = toJsonSchema(schema, 'input') as {
    properties?: Record<string, object>
    required?: string[]
  }
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || (json.required ?? []).includes(name),
    schema: property,
  }))
}

/**
 * What any authenticated route may answer before its handler: no or a bad credential, and a
 * merchant the platform suspended (a kiosk's closed store too; backend/kiosks/device-auth.ts).
 */
const authErrorsOf = (route: ApiRoute): ErrorCode[] =>
  route.security === 'none'
    ? ['UNAUTHENTICATED']
    : route.security === 'device'
      ? ['UNAUTHENTICATED', 'MERCHANT_SUSPENDED', 'STORE_CLOSED']
      : ['UNAUTHENTICATED', 'MERCHANT_SUSPENDED']

/** The OpenAPI 3.1 document, generated from the same schemas the server validates with. */
export const buildOpenApi = (routes: ApiRoute[], info: { version: string; serverUrl: string }) => {
  const paths: Record<string, Record<string, unknown>> = {}
  for (const route of routes) {
    const path = route.path.replace(/:([A-Za-z_]+)/g, '{$1}')
    const codes = [
      ...new Set([...route.errors, ...authErrorsOf(route), 'VALIDATION_FAILED'] as ErrorCode[]),
    ]
    const described = codes.filter(
      (c) => route.errors.includes(c) || c === 'MERCHANT_SUSPENDED' || c === 'STORE_CLOSED',
    )
    const errorResponses = Object.fromEntries(
      codes
        .map((code) => ERROR_STATUS[code])
        .map((status) => [
          String(status),
          {
            description: described.filter((c) => ERROR_STATUS[c] === status).join(', ') || 'Error',
            content: { 'application/json': { schema: ErrorResponseSchema } },
          },
        ]),
    )
    paths[path] = {
      ...paths[path],
      [route.method]: {
        operationId: route.operationId,
        summary: route.summary,
        tags: route.tags,
        security: route.security === 'none' ? [] : [{ [route.security ?? 'apiKey']: [] }],
        parameters: [...parametersOf(route.params, 'path'), ...parametersOf(route.query, 'query')],
        ...(route.body
          ? {
              requestBody: {
                required: true,
                content: { 'application/json': { schema: toJsonSchema(route.body, 'input') } },
              },
            }
          : {}),
        ...(route.rawBody
          ? {
              requestBody: {
                required: true,
                description: route.rawBody.description,
                content: Object.fromEntries(
                  route.rawBody.types.map((type) => [
                    type,
                    { schema: { type: 'string', contentMediaType: type } },
                  ]),
                ),
              },
            }
          : {}),
        responses: {
          [String(route.status)]: {
            description: 'Success',
            content: {
              [route.responseType ?? 'application/json']: {
                schema: toJsonSchema(route.response, 'output'),
              },
            },
          },
          ...errorResponses,
        },
      },
    }
  }
  return {
    openapi: '3.1.0',
    info: { title: 'RewardFlow API', version: info.version },
    servers: [{ url: `${info.serverUrl}/api/v1` }],
    components: {
      securitySchemes: {
        device: { type: 'http', scheme: 'bearer', description: 'Kiosk device credential' },
        apiKey: { type: 'http', scheme: 'bearer', description: 'Merchant API key' },
      },
    },
    paths,
  }
}
