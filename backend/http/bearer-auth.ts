import type { Middleware } from 'koa'
import { AppError } from '../errors.ts'
import { ANONYMOUS, type Principal } from '../policies/principal.ts'
import type { AppState } from './state.ts'

/** Recognizes one kind of bearer credential by its prefix and answers whose it is. */
export type BearerVerifier = {
  prefix: string
  /** The credential's principal; throws (UNAUTHENTICATED, DEVICE_REVOKED, …) when it is not valid. */
  verify: (token: string) => Promise<Principal>
}

/**
 * Sets the API request's principal from `Authorization: Bearer …`: no header is nobody (the
 * route's policy then decides), a credential no verifier recognizes is UNAUTHENTICATED.
 */
export const bearerAuthentication =
  (verifiers: BearerVerifier[]): Middleware<AppState> =>
  async (ctx, next) => {
    const header = ctx.get('authorization')
    if (!header) {
      ctx.state.principal = ANONYMOUS
      return next()
    }
    const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1]
    const verifier = token && verifiers.find((candidate) => token.startsWith(candidate.prefix))
    if (!token || !verifier) throw new AppError('UNAUTHENTICATED')
    ctx.state.principal = await verifier.verify(token)
    await next()
  }
