import type { ConnectionOptions } from 'node:tls'
import { checkAuth, checkAuthMethods } from './check-auth.ts'
import { checkDns } from './check-dns.ts'
import { checkPorts } from './check-ports.ts'
import { hint, type DiagnosticStep, type StepId } from './diagnostic-step.ts'
import { ehloStep, tlsStep } from './session-steps.ts'
import { openSession } from './smtp-session.ts'
import { DEFAULT_TIMEOUT_MS, STANDARD_SMTP_PORTS, type SmtpTarget } from './smtp-target.ts'

export type DiagnosticsOptions = {
  /** Ports probed besides the configured one, for information (default 25, 465 and 587). */
  otherPorts?: readonly number[]
  /** The EHLO argument (default: this machine's name, or its address). */
  clientName?: string
  /** Certificate authorities to trust besides the system's (a company CA, a test CA). */
  ca?: ConnectionOptions['ca']
}

/** The steps after a failure that makes them pointless. */
const skipped = (target: SmtpTarget, ids: StepId[]): DiagnosticStep[] =>
  ids.map((id): DiagnosticStep => {
    const common = {
      verdict: 'skipped' as const,
      durationMs: 0,
      hints: [hint('skipped_earlier_failure')],
    }
    switch (id) {
      case 'dns':
        return { id, ...common, details: { host: target.host, addresses: [] } }
      case 'ports':
        return { id, ...common, details: { host: target.host, probes: [] } }
      case 'tls':
        return { id, ...common, details: { mode: target.secure, port: target.port } }
      case 'ehlo':
        return { id, ...common, details: {} }
      case 'auth_methods':
        return {
          id,
          ...common,
          details: { offered: [], configured: target.authMethod, chosen: null },
        }
      case 'auth':
        return { id, ...common, details: { attempts: [], working: null } }
    }
  })

/**
 * Examines an SMTP server step by step — DNS, TCP ports, TLS, EHLO, auth methods, a login —
 * each with a verdict, its duration, technical details and a hint (an i18n key in the `smtp`
 * namespace). Each network wait (lookup, connect, handshake, reply) ends within
 * `target.timeoutMs`, so a run never hangs; no email is sent and the password appears nowhere
 * in the result.
 */
export const runSmtpDiagnostics = async (
  target: SmtpTarget,
  options: DiagnosticsOptions = {},
): Promise<DiagnosticStep[]> => {
  const timeoutMs = target.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const dns = await checkDns(target.host, timeoutMs)
  if (dns.verdict === 'failed') {
    return [dns, ...skipped(target, ['ports', 'tls', 'ehlo', 'auth_methods', 'auth'])]
  }
  const ports = await checkPorts({
    host: target.host,
    port: target.port,
    otherPorts: options.otherPorts ?? STANDARD_SMTP_PORTS,
    timeoutMs,
  })
  if (ports.verdict === 'failed') {
    return [dns, ports, ...skipped(target, ['tls', 'ehlo', 'auth_methods', 'auth'])]
  }
  const sessionOptions = {
    timeoutMs,
    ...(options.clientName ? { clientName: options.clientName } : {}),
    ...(options.ca ? { ca: options.ca } : {}),
  }
  const session = await openSession(target, sessionOptions)
  const tls = tlsStep(target, session, timeoutMs)
  const ehlo = ehloStep(target, session, timeoutMs)
  if (!session.ok) return [dns, ports, tls, ehlo, ...skipped(target, ['auth_methods', 'auth'])]
  try {
    const methods = checkAuthMethods(target, session.extensions)
    const auth = await checkAuth({
      target,
      connection: session.connection,
      offered: session.extensions.authMethods,
      chosen: methods.details.chosen,
      timeoutMs,
      reopen: () => openSession(target, sessionOptions),
    })
    return [dns, ports, tls, ehlo, methods, auth]
  } finally {
    await session.connection.quit()
  }
}
