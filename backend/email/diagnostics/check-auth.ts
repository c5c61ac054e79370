import { elapsedSince, hint, type AuthAttempt, type Hint, type StepOf } from './diagnostic-step.ts'
import type { EhloExtensions } from './ehlo-extensions.ts'
import {
  SmtpFailure,
  type SmtpConnection,
  type SmtpFailureKind,
  type SmtpReply,
} from './smtp-connection.ts'
import type { SessionResult } from './smtp-session.ts'
import { hasCredentials, type AuthMethod, type SmtpTarget } from './smtp-target.ts'

const METHODS: readonly AuthMethod[] = ['PLAIN', 'LOGIN']

const otherMethod = (method: AuthMethod): AuthMethod => (method === 'PLAIN' ? 'LOGIN' : 'PLAIN')

/** The method a login uses: the configured one, or with `auto` the first of PLAIN/LOGIN offered. */
const chooseAuthMethod = (
  setting: SmtpTarget['authMethod'],
  offered: readonly string[],
): AuthMethod | null =>
  setting === 'auto' ? (METHODS.find((m) => offered.includes(m)) ?? null) : setting

/** Step `auth_methods`: the mechanisms the server offers against the configured one. */
export const checkAuthMethods = (
  target: SmtpTarget,
  extensions: EhloExtensions,
): StepOf<'auth_methods'> => {
  const offered = extensions.authMethods
  const chosen = chooseAuthMethod(target.authMethod, offered)
  const details = { offered, configured: target.authMethod, chosen }
  const step = (verdict: StepOf<'auth_methods'>['verdict'], hints: Hint[]) => ({
    id: 'auth_methods' as const,
    verdict,
    durationMs: 0,
    details,
    hints,
  })
  if (!hasCredentials(target)) return step('skipped', [hint('skipped_no_credentials')])
  if (offered.length === 0) {
    return step('failed', [
      target.secure === 'none' && extensions.startTls
        ? hint('auth_needs_tls')
        : hint('auth_none_offered'),
    ])
  }
  const usable = METHODS.filter((m) => offered.includes(m))
  if (usable.length === 0) {
    return step('failed', [hint('auth_unsupported_methods', { offered: offered.join(' ') })])
  }
  if (chosen && !offered.includes(chosen)) {
    return step('failed', [
      hint('auth_method_not_offered', {
        method: chosen,
        offered: offered.join(' '),
        suggestion: usable[0] ?? otherMethod(chosen),
      }),
    ])
  }
  return step('ok', [])
}

const isFailureKind = (kind: string): kind is SmtpFailureKind =>
  kind !== 'rejected' && kind !== 'starttls_not_offered'

const base64 = (value: string) => Buffer.from(value, 'utf8').toString('base64')

/** One login with `method`; the answer is the server's, the credentials never leave this call. */
const attemptAuth = async (
  connection: SmtpConnection,
  method: AuthMethod,
  user: string,
  pass: string,
): Promise<AuthAttempt> => {
  const startedAt = performance.now()
  const answer = (reply: SmtpReply): AuthAttempt => ({
    method,
    accepted: reply.code === 235,
    code: reply.code,
    text: reply.lines.join(' '),
    durationMs: elapsedSince(startedAt),
  })
  try {
    if (method === 'PLAIN') {
      const token = base64(`\0${user}\0${pass}`)
      let reply = await connection.command(`AUTH PLAIN ${token}`)
      if (reply.code === 334) reply = await connection.command(token)
      return answer(reply)
    }
    let reply = await connection.command('AUTH LOGIN')
    if (reply.code === 334) reply = await connection.command(base64(user))
    if (reply.code === 334) reply = await connection.command(base64(pass))
    return answer(reply)
  } catch (error) {
    const failure = error instanceof SmtpFailure ? error : new SmtpFailure('network', String(error))
    return {
      method,
      accepted: false,
      code: null,
      text: failure.message,
      failure: failure.kind,
      durationMs: elapsedSince(startedAt),
    }
  }
}

const failureHints = (target: SmtpTarget, attempt: AuthAttempt, timeoutMs: number): Hint[] => {
  if (attempt.failure === 'timeout') return [hint('reply_timeout', { ms: timeoutMs })]
  if (attempt.code === null) return [hint('connection_closed')]
  if (attempt.code === 538 && target.secure === 'none') return [hint('auth_needs_tls')]
  return [hint('auth_rejected', { method: attempt.method, code: attempt.code, text: attempt.text })]
}

/**
 * Step `auth`: a login with the chosen method on the open session. When it fails and the server
 * offers the other method, that one is tried too, on a new session (docs/lessons.md #13: PLAIN was
 * broken while LOGIN worked), and the hint says which to configure.
 */
export const checkAuth = async (options: {
  target: SmtpTarget
  connection: SmtpConnection
  offered: readonly string[]
  chosen: AuthMethod | null
  timeoutMs: number
  /** Opens another session like the first one, for the second method. */
  reopen: () => Promise<SessionResult>
}): Promise<StepOf<'auth'>> => {
  const { target, chosen } = options
  const startedAt = performance.now()
  const user = target.user ?? ''
  const step = (
    verdict: StepOf<'auth'>['verdict'],
    attempts: AuthAttempt[],
    hints: Hint[],
  ): StepOf<'auth'> => ({
    id: 'auth',
    verdict,
    durationMs: elapsedSince(startedAt),
    details: {
      ...(user ? { user } : {}),
      attempts,
      working: attempts.find((a) => a.accepted)?.method ?? null,
    },
    hints,
  })
  if (!hasCredentials(target)) return step('skipped', [], [hint('skipped_no_credentials')])
  if (!chosen) return step('skipped', [], [hint('skipped_no_method')])
  const pass = target.pass ?? ''
  const first = await attemptAuth(options.connection, chosen, user, pass)
  if (first.accepted) return step('ok', [first], [])
  const other = otherMethod(chosen)
  if (!options.offered.includes(other)) {
    return step('failed', [first], failureHints(target, first, options.timeoutMs))
  }
  const session = await options.reopen()
  const second = session.ok
    ? await attemptAuth(session.connection, other, user, pass)
    : {
        method: other,
        accepted: false,
        code: null,
        text: session.problem.message,
        failure: isFailureKind(session.problem.kind) ? session.problem.kind : 'protocol',
        durationMs: 0,
      }
  if (session.ok) await session.connection.quit()
  if (second.accepted) {
    return step(
      'failed',
      [first, second],
      [hint('auth_switch_method', { failed: chosen, working: other })],
    )
  }
  return step('failed', [first, second], failureHints(target, first, options.timeoutMs))
}
