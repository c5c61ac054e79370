import type { SmtpAuthMethod, SmtpSecure } from '../../config.ts'
import type { EhloExtensions } from './ehlo-extensions.ts'
import type { SmtpFailureKind } from './smtp-connection.ts'
import type { AuthMethod } from './smtp-target.ts'
import type { TlsReport } from './tls-types.ts'

/** The steps, in the order they run; each id is stable (the page and its tests rely on it). */
export const STEP_IDS = ['dns', 'ports', 'tls', 'ehlo', 'auth_methods', 'auth'] as const
export type StepId = (typeof STEP_IDS)[number]

export const VERDICTS = ['ok', 'warning', 'failed', 'skipped'] as const
export type Verdict = (typeof VERDICTS)[number]

/** Every hint a step can give; the message is `smtp:hint.<name>` in locales/<lng>/smtp.json. */
export const HINT_NAMES = [
  'dns_ip_literal',
  'dns_not_found',
  'dns_unavailable',
  'dns_timeout',
  'dns_error',
  'port_refused',
  'port_timeout',
  'port_unreachable',
  'try_port',
  'other_port_refused',
  'other_port_timeout',
  'other_port_unreachable',
  'connection_failed',
  'tls_timeout',
  'tls_plain_server',
  'tls_handshake_failed',
  'implicit_tls_expected',
  'no_greeting',
  'not_smtp',
  'greeting_refused',
  'connection_closed',
  'reply_timeout',
  'starttls_not_offered',
  'starttls_refused',
  'cert_self_signed',
  'cert_untrusted',
  'cert_hostname_mismatch',
  'cert_expired',
  'cert_expires_soon',
  'ehlo_rejected',
  'starttls_unused',
  'auth_method_not_offered',
  'auth_none_offered',
  'auth_needs_tls',
  'auth_unsupported_methods',
  'auth_rejected',
  'auth_switch_method',
  'skipped_no_tls',
  'skipped_no_credentials',
  'skipped_no_method',
  'skipped_earlier_failure',
] as const
export type HintName = (typeof HINT_NAMES)[number]

/** A message for the admin: an i18n key with its variables (never a password). */
export type Hint = { key: `smtp:hint.${HintName}`; values: Record<string, string | number> }

export const hint = (name: HintName, values: Hint['values'] = {}): Hint => ({
  key: `smtp:hint.${name}`,
  values,
})

export type ResolvedAddress = { address: string; family: 4 | 6 }

export type DnsDetails = { host: string; addresses: ResolvedAddress[]; errorCode?: string }

export type PortState = 'open' | 'refused' | 'timeout' | 'unreachable' | 'error'
export type PortProbe = {
  port: number
  /** The configured port decides the verdict; the others are for information. */
  configured: boolean
  state: PortState
  durationMs: number
  errorCode?: string
}
export type PortsDetails = { host: string; probes: PortProbe[] }

/** One SMTP reply as the server sent it: the code and the text of each line. */
export type SmtpReplySummary = { code: number; lines: string[] }

export type TlsDetails = {
  mode: SmtpSecure
  port: number
  /** Plain part of a STARTTLS session: the greeting, the EHLO answer and the STARTTLS answer. */
  greeting?: SmtpReplySummary
  ehloBeforeTls?: SmtpReplySummary
  starttls?: SmtpReplySummary
  report?: TlsReport
  error?: string
  errorCode?: string
}

export type EhloDetails = {
  /** The greeting when this step opened the conversation (implicit TLS or no TLS). */
  greeting?: SmtpReplySummary
  reply?: SmtpReplySummary
  extensions?: EhloExtensions
  error?: string
  errorCode?: string
}

export type AuthMethodsDetails = {
  offered: string[]
  configured: SmtpAuthMethod
  /** The method RewardFlow would use with this configuration and this server. */
  chosen: AuthMethod | null
}

export type AuthAttempt = {
  method: AuthMethod
  accepted: boolean
  /** The server's final answer (235 accepted, 535 refused …); null when none came. */
  code: number | null
  text: string
  /** Why no answer came (timeout, closed …), when none did. */
  failure?: SmtpFailureKind
  durationMs: number
}
export type AuthDetails = {
  user?: string
  attempts: AuthAttempt[]
  /** The first method that logged in, if any. */
  working: AuthMethod | null
}

type StepDetails = {
  dns: DnsDetails
  ports: PortsDetails
  tls: TlsDetails
  ehlo: EhloDetails
  auth_methods: AuthMethodsDetails
  auth: AuthDetails
}

export type StepOf<K extends StepId> = {
  id: K
  verdict: Verdict
  durationMs: number
  details: StepDetails[K]
  hints: Hint[]
}

/** One diagnostic step: what was checked, the verdict, how long it took, what to do about it. */
export type DiagnosticStep = { [K in StepId]: StepOf<K> }[StepId]

const SEVERITY: Record<Verdict, number> = { skipped: 0, ok: 1, warning: 2, failed: 3 }

/** The worst of some verdicts ('skipped' only when all were skipped or there are none). */
export const worstVerdict = (verdicts: Verdict[]): Verdict =>
  verdicts.reduce<Verdict>((worst, v) => (SEVERITY[v] > SEVERITY[worst] ? v : worst), 'skipped')

/** Milliseconds since `startedAt` (a performance.now() value), rounded. */
export const elapsedSince = (startedAt: number): number => Math.round(performance.now() - startedAt)
