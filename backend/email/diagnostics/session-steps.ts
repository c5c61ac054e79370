import {
  hint,
  type Hint,
  type SmtpReplySummary,
  type StepOf,
  type TlsDetails,
} from './diagnostic-step.ts'
import type { SmtpReply } from './smtp-connection.ts'
import type { SessionProblem, SessionResult } from './smtp-session.ts'
import type { SmtpTarget } from './smtp-target.ts'
import { judgeTls } from './tls-report.ts'

// Steps `tls` and `ehlo` read from one session: the TLS step covers the conversation up to an
// established TLS session (with STARTTLS that includes the plain greeting and EHLO), the EHLO
// step what follows (with implicit TLS or none, the greeting too).

const summary = (reply: SmtpReply | undefined): SmtpReplySummary | undefined =>
  reply ? { code: reply.code, lines: reply.lines } : undefined

const PLAIN_TEXT_ANSWER =
  /WRONG_VERSION_NUMBER|PACKET_LENGTH_TOO_LONG|UNKNOWN_PROTOCOL|HTTP_REQUEST/i

/** What to do about a session that stopped. */
const problemHints = (target: SmtpTarget, problem: SessionProblem, timeoutMs: number): Hint[] => {
  const { host, port } = target
  const text = problem.reply ? problem.reply.lines.join(' ') : problem.message
  const code = problem.reply?.code ?? problem.code ?? problem.kind
  if (problem.kind === 'timeout') {
    if (problem.stage === 'connect') return [hint('port_timeout', { port, ms: timeoutMs })]
    if (problem.stage === 'handshake') return [hint('tls_timeout', { port, ms: timeoutMs })]
    if (problem.stage === 'greeting') {
      return [
        target.secure !== 'tls' && port === 465
          ? hint('implicit_tls_expected', { port, ms: timeoutMs })
          : hint('no_greeting', { port, ms: timeoutMs }),
      ]
    }
    return [hint('reply_timeout', { ms: timeoutMs })]
  }
  if (problem.kind === 'refused') return [hint('port_refused', { port, host })]
  if (problem.kind === 'unreachable') return [hint('port_unreachable', { port, host, code })]
  if (problem.kind === 'starttls_not_offered') return [hint('starttls_not_offered', { port })]
  if (problem.kind === 'protocol') return [hint('not_smtp', { port, text })]
  if (problem.stage === 'handshake') {
    if (target.secure === 'tls' && PLAIN_TEXT_ANSWER.test(`${problem.code} ${problem.message}`)) {
      return [hint('tls_plain_server', { port })]
    }
    return [hint('tls_handshake_failed', { port, error: problem.message })]
  }
  if (problem.kind === 'closed') return [hint('connection_closed')]
  if (problem.kind === 'rejected') {
    if (problem.stage === 'greeting') return [hint('greeting_refused', { code, text })]
    if (problem.stage === 'starttls') return [hint('starttls_refused', { code, text })]
    return [hint('ehlo_rejected', { code, text })]
  }
  return [hint('connection_failed', { port, host, error: problem.message })]
}

const problemDetails = (problem: SessionProblem) => ({
  error: problem.message,
  ...(problem.code ? { errorCode: problem.code } : {}),
})

/** Step `tls`: the handshake, implicit or after STARTTLS, and the server's certificate. */
export const tlsStep = (
  target: SmtpTarget,
  session: SessionResult,
  timeoutMs: number,
): StepOf<'tls'> => {
  const { progress } = session
  const details: TlsDetails = { mode: target.secure, port: target.port }
  if (target.secure === 'none') {
    return {
      id: 'tls',
      verdict: 'skipped',
      durationMs: 0,
      details,
      hints: [hint('skipped_no_tls')],
    }
  }
  if (target.secure === 'starttls') {
    Object.assign(details, {
      greeting: summary(progress.greeting),
      ehloBeforeTls: summary(progress.ehloBeforeTls),
      starttls: summary(progress.starttls),
    })
  }
  if (!progress.tls) {
    const hints = session.ok ? [] : problemHints(target, session.problem, timeoutMs)
    return {
      id: 'tls',
      verdict: 'failed',
      durationMs: progress.tlsMs,
      details: { ...details, ...(session.ok ? {} : problemDetails(session.problem)) },
      hints,
    }
  }
  return {
    id: 'tls',
    ...judgeTls(progress.tls, target.host),
    durationMs: progress.tlsMs,
    details: { ...details, report: progress.tls },
  }
}

/** Step `ehlo`: the greeting (unless STARTTLS had it) and the extensions the server announces. */
export const ehloStep = (
  target: SmtpTarget,
  session: SessionResult,
  timeoutMs: number,
): StepOf<'ehlo'> => {
  const { progress } = session
  // A certificate judged bad still carried the session on; only a TLS that never came up stops.
  if (target.secure !== 'none' && !progress.tls) {
    return {
      id: 'ehlo',
      verdict: 'skipped',
      durationMs: 0,
      details: {},
      hints: [hint('skipped_earlier_failure')],
    }
  }
  const greeting = target.secure === 'starttls' ? undefined : summary(progress.greeting)
  const base = { ...(greeting ? { greeting } : {}) }
  if (!session.ok) {
    return {
      id: 'ehlo',
      verdict: 'failed',
      durationMs: progress.afterTlsMs,
      details: { ...base, ...problemDetails(session.problem) },
      hints: problemHints(target, session.problem, timeoutMs),
    }
  }
  const { extensions } = session
  const unused = target.secure === 'none' && extensions.startTls
  return {
    id: 'ehlo',
    verdict: unused ? 'warning' : 'ok',
    durationMs: progress.afterTlsMs,
    details: { ...base, reply: summary(progress.ehlo), extensions },
    hints: unused ? [hint('starttls_unused')] : [],
  }
}
