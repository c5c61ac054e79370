import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { simpleParser, type ParsedMail } from 'mailparser'
import { SMTPServer, type SMTPServerOptions } from 'smtp-server'

// Real SMTP servers for tests and benches (smtp-server), as a provider would run them: implicit
// TLS or STARTTLS with a self-signed certificate made by openssl, PLAIN and/or LOGIN auth
// (optionally a broken PLAIN), scripted 4xx/5xx answers; what arrives is parsed with mailparser.
// Also bare TCP servers for the diagnostics: one that speaks a script, one that never answers.
// A refused port is `freePort()` from db/embedded.ts.

export type SelfSignedCertificate = { key: string; cert: string }

/** A fresh self-signed certificate (EC P-256) from openssl; by default for localhost / 127.0.0.1. */
export const selfSignedCertificate = async (
  options: { commonName: string; altNames: string[]; days: number } = {
    commonName: 'localhost',
    altNames: ['DNS:localhost', 'IP:127.0.0.1'],
    days: 2,
  },
): Promise<SelfSignedCertificate> => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rewardflow-tls-'))
  try {
    const key = path.join(dir, 'key.pem')
    const cert = path.join(dir, 'cert.pem')
    await promisify(execFile)('openssl', [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      String(options.days),
      '-subj',
      `/CN=${options.commonName}`,
      '-addext',
      `subjectAltName=${options.altNames.join(',')}`,
    ])
    return { key: await readFile(key, 'utf8'), cert: await readFile(cert, 'utf8') }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

export type RunningServer = { port: number; close: () => Promise<void> }

const portOf = (server: net.Server) => (server.address() as net.AddressInfo).port

/** smtp-server on 127.0.0.1 at a free port, with `options` as given (the others build on it). */
export const startSmtpServer = (options: SMTPServerOptions): Promise<RunningServer> =>
  new Promise((resolve, reject) => {
    const smtp = new SMTPServer({
      logger: false,
      disableReverseLookup: true,
      closeTimeout: 200,
      ...options,
    })
    smtp.on('error', () => undefined)
    smtp.server.once('error', reject)
    smtp.listen(0, '127.0.0.1', () =>
      resolve({
        port: portOf(smtp.server),
        close: () => new Promise<void>((done) => smtp.close(() => done())),
      }),
    )
  })

/** A TCP server that sends `script` to each client as it connects (for the line reader). */
export const startScriptedServer = (script: (socket: net.Socket) => void): Promise<RunningServer> =>
  new Promise((resolve) => {
    const sockets = new Set<net.Socket>()
    const server = net.createServer((socket) => {
      sockets.add(socket)
      socket.on('error', () => undefined)
      socket.on('close', () => sockets.delete(socket))
      script(socket)
    })
    server.listen(0, '127.0.0.1', () =>
      resolve({
        port: portOf(server),
        close: () =>
          new Promise<void>((done) => {
            for (const socket of sockets) socket.destroy()
            server.close(() => done())
          }),
      }),
    )
  })

/** Accepts TCP connections and never answers: a firewall-ish or wrongly configured service. */
export const startSilentServer = (): Promise<RunningServer> => startScriptedServer(() => undefined)

/** A plain SMTP server (no TLS, no auth) that counts messages and their bytes and drops bodies. */
export const startCountingSmtpServer = async () => {
  let messages = 0
  let bytes = 0
  const server = await startSmtpServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    onData(stream, _session, callback) {
      let size = 0
      stream.on('data', (chunk: Buffer) => (size += chunk.length))
      stream.on('end', () => {
        messages++
        bytes += size
        callback(null)
      })
    },
  })
  return { ...server, received: () => ({ messages, bytes }) }
}

export type TestSmtpServerOptions = {
  /** 'tls': implicit TLS from the first byte; 'starttls': offered and required for auth. */
  tls?: 'tls' | 'starttls' | 'none'
  certificate?: SelfSignedCertificate
  auth?: {
    user: string
    pass: string
    methods: ('PLAIN' | 'LOGIN')[]
    /** The provider's broken PLAIN: right credentials refused with 535. */
    brokenPlain?: boolean
  }
  /** Answer to the n-th RCPT TO (1-based): an SMTP error code and text, or null to accept. */
  answerRcpt?: (attempt: number) => { code: number; message: string } | null
  /**
   * Before answering RCPT TO for `address`: a promise keeps the client waiting mid-conversation
   * (a slow provider), so a test can kill the sender there; undefined answers at once.
   */
  holdRcpt?: (address: string) => Promise<void> | undefined
}

export type TestSmtpServer = {
  port: number
  messages: ParsedMail[]
  /** How each message came: over TLS (implicit or STARTTLS) and as which user. */
  sessions: { secure: boolean; user: string | undefined }[]
  /** Every auth attempt: method and whether it was accepted. */
  authAttempts: { method: string; ok: boolean }[]
  rcptAttempts: () => number
  /** Resolves when `count` messages have arrived. */
  waitForMessages: (count: number, timeoutMs?: number) => Promise<ParsedMail[]>
  close: () => Promise<void>
}

const smtpError = (code: number, message: string) =>
  Object.assign(new Error(message), { responseCode: code })

export const startTestSmtpServer = async (
  options: TestSmtpServerOptions = {},
): Promise<TestSmtpServer> => {
  const messages: ParsedMail[] = []
  const sessions: TestSmtpServer['sessions'] = []
  const authAttempts: TestSmtpServer['authAttempts'] = []
  let rcpts = 0
  const mode = options.tls ?? 'none'
  const server = await startSmtpServer({
    secure: mode === 'tls',
    ...(mode !== 'none' ? { key: options.certificate?.key, cert: options.certificate?.cert } : {}),
    disabledCommands: [...(options.auth ? [] : ['AUTH']), ...(mode === 'none' ? ['STARTTLS'] : [])],
    authOptional: !options.auth,
    authMethods: options.auth?.methods ?? ['PLAIN', 'LOGIN'],
    allowInsecureAuth: mode === 'none',
    onAuth(auth, _session, callback) {
      const expected = options.auth
      const ok =
        !!expected &&
        auth.username === expected.user &&
        auth.password === expected.pass &&
        !(auth.method === 'PLAIN' && expected.brokenPlain)
      authAttempts.push({ method: auth.method, ok })
      if (ok) callback(null, { user: auth.username })
      else callback(smtpError(535, '5.7.8 Authentication credentials invalid'))
    },
    onRcptTo(address, _session, callback) {
      rcpts++
      const answer = options.answerRcpt?.(rcpts)
      const reply = () => callback(answer ? smtpError(answer.code, answer.message) : null)
      const hold = options.holdRcpt?.(address.address)
      if (hold) void hold.then(reply)
      else reply()
    },
    onData(stream, session, callback) {
      simpleParser(stream, { keepCidLinks: true }).then(
        (mail) => {
          messages.push(mail)
          sessions.push({ secure: session.secure, user: session.user })
          callback(null)
        },
        (error: Error) => callback(error),
      )
    },
  })
  return {
    ...server,
    messages,
    sessions,
    authAttempts,
    rcptAttempts: () => rcpts,
    waitForMessages: async (count, timeoutMs = 15_000) => {
      const deadline = Date.now() + timeoutMs
      while (messages.length < count) {
        if (Date.now() > deadline)
          throw new Error(`expected ${count} message(s), got ${messages.length}`)
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
      return messages
    },
  }
}
