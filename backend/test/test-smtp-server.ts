import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { simpleParser, type ParsedMail } from 'mailparser'
import { SMTPServer, type SMTPServerOptions } from 'smtp-server'

// Real SMTP servers for tests (smtp-server), as a provider would run them: implicit TLS or
// STARTTLS with a self-signed certificate, PLAIN and/or LOGIN auth (optionally a broken PLAIN),
// scripted 4xx/5xx answers. What arrives is parsed with mailparser.

export type SelfSignedCertificate = { key: string; cert: string }

/** A fresh self-signed certificate for localhost / 127.0.0.1, made with openssl. */
export const selfSignedCertificate = (): SelfSignedCertificate => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rewardflow-tls-'))
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        path.join(dir, 'key.pem'),
        '-out',
        path.join(dir, 'cert.pem'),
        '-days',
        '2',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=DNS:localhost,IP:127.0.0.1',
      ],
      { stdio: 'ignore' },
    )
    return {
      key: readFileSync(path.join(dir, 'key.pem'), 'utf8'),
      cert: readFileSync(path.join(dir, 'cert.pem'), 'utf8'),
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
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
  const serverOptions: SMTPServerOptions = {
    logger: false,
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
    onRcptTo(_address, _session, callback) {
      rcpts++
      const answer = options.answerRcpt?.(rcpts)
      callback(answer ? smtpError(answer.code, answer.message) : null)
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
  }
  const server = new SMTPServer(serverOptions)
  server.on('error', () => undefined)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  return {
    port: (server.server.address() as AddressInfo).port,
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
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
