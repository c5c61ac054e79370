import net from 'node:net'
import os from 'node:os'
import type { ConnectionOptions } from 'node:tls'
import { parseEhlo, type EhloExtensions } from './ehlo-extensions.ts'
import { SmtpFailure, connectSmtp, type SmtpConnection, type SmtpReply } from './smtp-connection.ts'
import type { SmtpTarget } from './smtp-target.ts'
import { describeTls } from './tls-report.ts'
import type { TlsReport } from './tls-types.ts'

/** Where a session stopped: each stage is one exchange with the server. */
export type SessionStage = 'connect' | 'handshake' | 'greeting' | 'ehlo' | 'starttls'

/** What went wrong: a failure of the conversation, or a reply that refused to go on. */
export type SessionProblem = {
  stage: SessionStage
  kind: SmtpFailure['kind'] | 'rejected' | 'starttls_not_offered'
  message: string
  code?: string
  reply?: SmtpReply
}

/** Everything learned, up to the end or the first problem. */
export type SessionProgress = {
  greeting?: SmtpReply
  /** STARTTLS only: the EHLO answer before TLS, and the answer to STARTTLS. */
  ehloBeforeTls?: SmtpReply
  starttls?: SmtpReply
  tls?: TlsReport
  /** The EHLO answer the login happens after (after TLS when TLS is used). */
  ehlo?: SmtpReply
  extensions?: EhloExtensions
  /** Milliseconds until TLS was up (or failed), and from then to the end. */
  tlsMs: number
  afterTlsMs: number
}

export type SessionResult =
  | { ok: true; connection: SmtpConnection; progress: SessionProgress; extensions: EhloExtensions }
  | { ok: false; problem: SessionProblem; progress: SessionProgress }

export type SessionOptions = {
  timeoutMs: number
  clientName?: string
  /** Certificate authorities to trust besides the system's. */
  ca?: ConnectionOptions['ca']
}

/** The EHLO argument: this machine's name when fully qualified, else its address literal. */
const ehloName = (connectionAddress: string | undefined, clientName?: string): string => {
  if (clientName) return clientName
  const name = os.hostname()
  if (name.includes('.')) return name
  if (!connectionAddress) return 'localhost'
  return net.isIPv6(connectionAddress) ? `[IPv6:${connectionAddress}]` : `[${connectionAddress}]`
}

class Stop extends Error {
  constructor(readonly problem: SessionProblem) {
    super(problem.message)
  }
}

const replyText = (reply: SmtpReply) => reply.lines.join(' ')

/**
 * Opens an SMTP session the way the sender does with this target: connect, TLS (implicit, or
 * EHLO + STARTTLS), greeting, EHLO. Certificates are inspected, not enforced, so that a bad one
 * can be described. On success the connection is left open after EHLO, for a login.
 */
export const openSession = async (
  target: SmtpTarget,
  options: SessionOptions,
): Promise<SessionResult> => {
  const startedAt = performance.now()
  let tlsDoneAt: number | null = null
  const progress: SessionProgress = { tlsMs: 0, afterTlsMs: 0 }
  let connection: SmtpConnection | null = null
  let localAddress: string | undefined

  const stage = async <T>(name: SessionStage, run: () => Promise<T>): Promise<T> => {
    try {
      return await run()
    } catch (error) {
      if (error instanceof Stop) throw error
      const failure =
        error instanceof SmtpFailure ? error : new SmtpFailure('network', String(error))
      throw new Stop({
        stage: name,
        kind: failure.kind,
        message: failure.message,
        ...(failure.code ? { code: failure.code } : {}),
      })
    }
  }
  const expect = (name: SessionStage, reply: SmtpReply, code: number) => {
    if (reply.code !== code) {
      throw new Stop({ stage: name, kind: 'rejected', message: replyText(reply), reply })
    }
  }
  const handshake = async (open: SmtpConnection) => {
    const socket = await stage('handshake', () =>
      open.startTls({
        rejectUnauthorized: false,
        ...(net.isIP(target.host) ? {} : { servername: target.host }),
        ...(options.ca ? { ca: options.ca } : {}),
      }),
    )
    progress.tls = describeTls(socket, target.host)
    tlsDoneAt = performance.now()
  }
  const ehlo = async (open: SmtpConnection) => {
    const reply = await stage('ehlo', () =>
      open.command(`EHLO ${ehloName(localAddress, options.clientName)}`),
    )
    expect('ehlo', reply, 250)
    return reply
  }

  const timed = (p: SessionProgress): SessionProgress => {
    const end = performance.now()
    const split = tlsDoneAt ?? (target.secure === 'none' ? startedAt : end)
    return { ...p, tlsMs: Math.round(split - startedAt), afterTlsMs: Math.round(end - split) }
  }

  try {
    const open = await stage('connect', () =>
      connectSmtp({ host: target.host, port: target.port, timeoutMs: options.timeoutMs }),
    )
    connection = open
    localAddress = open.localAddress
    if (target.secure === 'tls') await handshake(open)
    progress.greeting = await stage('greeting', () => open.readReply())
    expect('greeting', progress.greeting, 220)
    progress.ehlo = await ehlo(open)
    if (target.secure === 'starttls') {
      progress.ehloBeforeTls = progress.ehlo
      delete progress.ehlo
      if (!parseEhlo(progress.ehloBeforeTls).startTls) {
        throw new Stop({
          stage: 'starttls',
          kind: 'starttls_not_offered',
          message: 'STARTTLS is not announced',
        })
      }
      progress.starttls = await stage('starttls', () => open.command('STARTTLS'))
      expect('starttls', progress.starttls, 220)
      await handshake(open)
      progress.ehlo = await ehlo(open)
    }
    const extensions = parseEhlo(progress.ehlo)
    progress.extensions = extensions
    return { ok: true, connection: open, progress: timed(progress), extensions }
  } catch (error) {
    connection?.destroy()
    const problem =
      error instanceof Stop
        ? error.problem
        : { stage: 'connect' as const, kind: 'network' as const, message: String(error) }
    return { ok: false, problem, progress: timed(progress) }
  }
}
