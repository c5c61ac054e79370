import net from 'node:net'
import { StringDecoder } from 'node:string_decoder'
import tls from 'node:tls'

// A small line-based SMTP client for the diagnostics: it keeps every reply the server sends, so
// each step can show the server's own words, and every wait ends within the timeout. It sends
// no mail (the email sender does that through nodemailer).

export type SmtpReply = { code: number; lines: string[] }

export type SmtpFailureKind =
  'timeout' | 'refused' | 'unreachable' | 'closed' | 'protocol' | 'tls' | 'network'

/** A conversation that could not go on: timed out, refused, closed, not SMTP, TLS failed … */
export class SmtpFailure extends Error {
  constructor(
    readonly kind: SmtpFailureKind,
    message: string,
    readonly code?: string,
  ) {
    super(message)
    this.name = 'SmtpFailure'
  }
}

export type SmtpConnection = {
  /** This side's address: the EHLO argument when the machine has no qualified name. */
  readonly localAddress: string | undefined
  /** The next complete reply (all its `250-…` lines up to the `250 …` one). */
  readReply(waitMs?: number): Promise<SmtpReply>
  /** Sends one command line and reads the reply. */
  command(line: string): Promise<SmtpReply>
  /** Starts TLS on the open connection (implicit TLS right after connecting, or after STARTTLS). */
  startTls(options: tls.ConnectionOptions): Promise<tls.TLSSocket>
  /** Says QUIT (waiting briefly for the answer) and closes; never throws. */
  quit(): Promise<void>
  /** Closes at once. */
  destroy(): void
}

const UNREACHABLE = new Set(['EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'EHOSTDOWN'])
const MAX_LINE = 8_192
const QUIT_WAIT_MS = 1_000

const failureOf = (error: unknown, duringTls = false): SmtpFailure => {
  if (error instanceof SmtpFailure) return error
  const err = error as NodeJS.ErrnoException
  const code = typeof err?.code === 'string' ? err.code : undefined
  const message = err instanceof Error ? err.message : String(error)
  if (code === 'ECONNREFUSED') return new SmtpFailure('refused', message, code)
  if (code && UNREACHABLE.has(code)) return new SmtpFailure('unreachable', message, code)
  if (code === 'ECONNRESET' || code === 'EPIPE') return new SmtpFailure('closed', message, code)
  if (duringTls || code?.startsWith('ERR_SSL') || code?.startsWith('ERR_TLS')) {
    return new SmtpFailure('tls', message, code)
  }
  return new SmtpFailure('network', message, code)
}

const timeoutFailure = (what: string, timeoutMs: number) =>
  new SmtpFailure('timeout', `No ${what} within ${timeoutMs} ms`, 'ETIMEDOUT')

/** Opens a TCP connection to host:port, or fails within `timeoutMs`. */
export const connectSmtp = (options: {
  host: string
  port: number
  timeoutMs: number
}): Promise<SmtpConnection> =>
  new Promise((resolve, reject) => {
    const socket = net.connect({ host: options.host, port: options.port })
    const timer = setTimeout(() => {
      socket.destroy()
      reject(timeoutFailure('connection', options.timeoutMs))
    }, options.timeoutMs)
    socket.once('connect', () => {
      clearTimeout(timer)
      socket.removeAllListeners('error')
      resolve(wrapSocket(socket, options.timeoutMs))
    })
    socket.once('error', (error) => {
      clearTimeout(timer)
      socket.destroy()
      reject(failureOf(error))
    })
  })

const wrapSocket = (plain: net.Socket, timeoutMs: number): SmtpConnection => {
  let socket: net.Socket = plain
  let decoder = new StringDecoder('utf8')
  let partial = ''
  const lines: string[] = []
  let ended: SmtpFailure | null = null
  let wake: (() => void) | null = null

  const onData = (chunk: Buffer) => {
    const parts = (partial + decoder.write(chunk)).split('\n')
    partial = parts.pop() ?? ''
    lines.push(...parts.map((line) => line.replace(/\r$/, '')))
    if (partial.length > MAX_LINE) ended = new SmtpFailure('protocol', 'Reply line too long')
    wake?.()
  }
  const onEnd = () => {
    ended ??= new SmtpFailure('closed', 'The server closed the connection')
    wake?.()
  }
  const onError = (error: Error) => {
    ended ??= failureOf(error)
    wake?.()
  }
  const listen = (s: net.Socket) => {
    s.on('data', onData)
    s.on('end', onEnd)
    s.on('close', onEnd)
    s.on('error', onError)
  }
  const unlisten = (s: net.Socket) => {
    s.off('data', onData)
    s.off('end', onEnd)
    s.off('close', onEnd)
    s.off('error', onError)
  }
  // Errors after the conversation (a late reset) must not crash the process.
  plain.on('error', () => {})
  listen(plain)

  /** A complete reply at the head of `lines`, removed from it; null while one is incomplete. */
  const takeReply = (): SmtpReply | null => {
    for (let i = 0; i < lines.length; i++) {
      const match = /^(\d{3})([ -]|$)(.*)$/.exec(lines[i] ?? '')
      if (!match) {
        throw new SmtpFailure('protocol', `Not an SMTP reply: ${(lines[i] ?? '').slice(0, 120)}`)
      }
      if (match[2] !== '-') {
        const taken = lines.splice(0, i + 1)
        return {
          code: Number(match[1]),
          lines: taken.map((line) => line.slice(4)),
        }
      }
    }
    return null
  }

  const readReply = (waitMs = timeoutMs) =>
    new Promise<SmtpReply>((resolve, reject) => {
      const finish = (settle: () => void) => {
        clearTimeout(timer)
        wake = null
        settle()
      }
      const check = () => {
        try {
          const reply = takeReply()
          if (reply) return finish(() => resolve(reply))
        } catch (error) {
          return finish(() => reject(error))
        }
        if (ended) {
          const failure = ended
          finish(() => reject(failure))
        }
      }
      const timer = setTimeout(() => {
        wake = null
        reject(timeoutFailure('reply', waitMs))
      }, waitMs)
      wake = check
      check()
    })

  const write = (line: string) => {
    if (ended) throw ended
    socket.write(`${line}\r\n`)
  }

  const startTls = (options: tls.ConnectionOptions) =>
    new Promise<tls.TLSSocket>((resolve, reject) => {
      unlisten(socket)
      const secure = tls.connect({ ...options, socket })
      secure.on('error', () => {})
      const timer = setTimeout(() => {
        secure.destroy()
        reject(timeoutFailure('TLS handshake', timeoutMs))
      }, timeoutMs)
      secure.once('secureConnect', () => {
        clearTimeout(timer)
        socket = secure
        decoder = new StringDecoder('utf8')
        partial = ''
        lines.length = 0
        listen(secure)
        resolve(secure)
      })
      secure.once('error', (error) => {
        clearTimeout(timer)
        secure.destroy()
        reject(failureOf(error, true))
      })
      secure.once('close', () => {
        clearTimeout(timer)
        reject(new SmtpFailure('closed', 'The server closed the connection during the handshake'))
      })
    })

  const destroy = () => {
    ended ??= new SmtpFailure('closed', 'Closed by the client')
    socket.destroy()
    plain.destroy()
  }

  return {
    localAddress: plain.localAddress,
    readReply,
    command: async (line) => {
      write(line)
      return readReply()
    },
    startTls,
    quit: async () => {
      try {
        if (!ended && socket.writable) {
          write('QUIT')
          await readReply(Math.min(timeoutMs, QUIT_WAIT_MS))
        }
      } catch {
        // The session is over either way.
      } finally {
        destroy()
      }
    },
    destroy,
  }
}
