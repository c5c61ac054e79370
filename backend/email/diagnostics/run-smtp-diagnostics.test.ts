import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LANGUAGES } from '../../../shared/languages.ts'
import { translator } from '../../i18n/i18n.ts'
import type { DiagnosticStep, StepId, StepOf } from './diagnostic-step.ts'
import { runSmtpDiagnostics } from './run-smtp-diagnostics.ts'
import type { SmtpTarget } from './smtp-target.ts'
import { freePort as closedPort } from '../../db/embedded.ts'
import {
  selfSignedCertificate,
  startSilentServer,
  startSmtpServer,
  type RunningServer,
  type SelfSignedCertificate,
} from '../../test/test-smtp-server.ts'

const USER = 'shop@example.test'
const PASS = 'pässwörd-Ω-secret'
const TIMEOUT_MS = 600

let localCert: SelfSignedCertificate
let otherNameCert: SelfSignedCertificate
const servers: RunningServer[] = []
const results: DiagnosticStep[][] = []

const acceptLogin: NonNullable<Parameters<typeof startSmtpServer>[0]['onAuth']> = (
  auth,
  _session,
  done,
) =>
  auth.username === USER && auth.password === PASS
    ? done(null, { user: auth.username })
    : done(new Error('Authentication credentials invalid'))

const start = async (options: Parameters<typeof startSmtpServer>[0]) => {
  const server = await startSmtpServer(options)
  servers.push(server)
  return server.port
}

const target = (overrides: Partial<SmtpTarget>): SmtpTarget => ({
  host: '127.0.0.1',
  port: 0,
  secure: 'starttls',
  user: USER,
  pass: PASS,
  authMethod: 'auto',
  timeoutMs: TIMEOUT_MS,
  ...overrides,
})

const diagnose = async (t: SmtpTarget, options?: Parameters<typeof runSmtpDiagnostics>[1]) => {
  const steps = await runSmtpDiagnostics(t, options)
  results.push(steps)
  return steps
}

const step = <K extends StepId>(steps: DiagnosticStep[], id: K): StepOf<K> =>
  steps.find((s) => s.id === id) as StepOf<K>

const hintKeys = (s: DiagnosticStep) => s.hints.map((h) => h.key)

beforeAll(async () => {
  ;[localCert, otherNameCert] = await Promise.all([
    selfSignedCertificate({
      commonName: 'localhost',
      altNames: ['DNS:localhost', 'IP:127.0.0.1'],
      days: 30,
    }),
    selfSignedCertificate({
      commonName: 'mail.example.test',
      altNames: ['DNS:mail.example.test'],
      days: 5,
    }),
  ])
})

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()))
})

describe('runSmtpDiagnostics against a STARTTLS server with a self-signed certificate', () => {
  let port: number
  beforeAll(async () => {
    port = await start({
      key: localCert.key,
      cert: localCert.cert,
      size: 10 * 1024 * 1024,
      authMethods: ['PLAIN', 'LOGIN'],
      onAuth: acceptLogin,
    })
  })

  it('runs every step in order and logs in', async () => {
    const steps = await diagnose(target({ port }))
    expect(steps.map((s) => [s.id, s.verdict])).toEqual([
      ['dns', 'skipped'],
      ['ports', 'ok'],
      ['tls', 'warning'],
      ['ehlo', 'ok'],
      ['auth_methods', 'ok'],
      ['auth', 'ok'],
    ])
    expect(hintKeys(step(steps, 'dns'))).toEqual(['smtp:hint.dns_ip_literal'])
    const auth = step(steps, 'auth')
    expect(auth.details.attempts).toMatchObject([{ method: 'PLAIN', accepted: true, code: 235 }])
    expect(auth.details.working).toBe('PLAIN')
    for (const s of steps) expect(s.durationMs).toBeGreaterThanOrEqual(0)
  })

  it('reports the handshake with the certificate subject and expiry, flagged self-signed', async () => {
    const tls = step(await diagnose(target({ port })), 'tls')
    expect(tls.details.greeting?.code).toBe(220)
    expect(tls.details.starttls?.code).toBe(220)
    const report = tls.details.report!
    expect(report.protocol).toMatch(/^TLSv1\.[23]$/)
    expect(report.cipher).toBeTruthy()
    expect(report.certificate).toMatchObject({
      subjectCn: 'localhost',
      altNames: ['DNS:localhost', 'IP Address:127.0.0.1'],
      issuer: 'localhost',
      selfSigned: true,
      trusted: false,
      trustError: 'DEPTH_ZERO_SELF_SIGNED_CERT',
      hostnameMatches: true,
    })
    expect(report.certificate!.daysLeft).toBeGreaterThanOrEqual(29)
    expect(report.certificate!.daysLeft).toBeLessThanOrEqual(30)
    const expiry = Date.parse(report.certificate!.validTo)
    expect(Math.abs(expiry - (Date.now() + 30 * 86_400_000))).toBeLessThan(120_000)
    expect(hintKeys(tls)).toEqual(['smtp:hint.cert_self_signed'])
  })

  it('trusts the same certificate once its authority is given', async () => {
    const tls = step(await diagnose(target({ port }), { ca: localCert.cert }), 'tls')
    expect(tls.verdict).toBe('ok')
    expect(tls.details.report?.certificate).toMatchObject({ trusted: true, selfSigned: true })
    expect(tls.hints).toEqual([])
  })

  it('lists the EHLO extensions announced after STARTTLS', async () => {
    const steps = await diagnose(target({ port }))
    const ehlo = step(steps, 'ehlo')
    expect(ehlo.details.extensions).toMatchObject({
      size: 10 * 1024 * 1024,
      eightBitMime: true,
      smtpUtf8: true,
      startTls: false,
      authMethods: ['PLAIN', 'LOGIN'],
    })
    expect(step(steps, 'tls').details.ehloBeforeTls?.lines).toContain('STARTTLS')
    expect(step(steps, 'auth_methods').details).toEqual({
      offered: ['PLAIN', 'LOGIN'],
      configured: 'auto',
      chosen: 'PLAIN',
    })
  })

  it('keeps the configured port decisive and tells that 465 is closed', async () => {
    const ports = step(await diagnose(target({ port })), 'ports')
    expect(ports.verdict).toBe('ok')
    expect(ports.details.probes.map((p) => [p.port, p.state, p.configured])).toEqual([
      [25, 'refused', false],
      [465, 'refused', false],
      [587, 'refused', false],
      [port, 'open', true],
    ])
    expect(ports.hints).toContainEqual({
      key: 'smtp:hint.other_port_refused',
      values: { port: 465, configured: port },
    })
  })

  it('says the server speaks plain text when implicit TLS is configured', async () => {
    const steps = await diagnose(target({ port, secure: 'tls' }))
    expect(step(steps, 'tls').verdict).toBe('failed')
    expect(hintKeys(step(steps, 'tls'))).toEqual(['smtp:hint.tls_plain_server'])
    expect(steps.slice(3).map((s) => s.verdict)).toEqual(['skipped', 'skipped', 'skipped'])
  })

  it('without TLS: skips the handshake, warns that STARTTLS is on offer, and the login needs it', async () => {
    const steps = await diagnose(target({ port, secure: 'none' }))
    expect(step(steps, 'tls')).toMatchObject({ verdict: 'skipped' })
    expect(hintKeys(step(steps, 'tls'))).toEqual(['smtp:hint.skipped_no_tls'])
    expect(step(steps, 'ehlo').verdict).toBe('warning')
    expect(hintKeys(step(steps, 'ehlo'))).toEqual(['smtp:hint.starttls_unused'])
    const auth = step(steps, 'auth')
    expect(auth.verdict).toBe('failed')
    expect(auth.details.attempts.map((a) => a.code)).toEqual([538, 538])
    expect(hintKeys(auth)).toEqual(['smtp:hint.auth_needs_tls'])
  })

  it('skips the login without credentials', async () => {
    const steps = await diagnose(target({ port, user: undefined, pass: undefined }))
    expect(step(steps, 'auth_methods').verdict).toBe('skipped')
    expect(step(steps, 'auth')).toMatchObject({
      verdict: 'skipped',
      details: { attempts: [], working: null },
    })
    expect(hintKeys(step(steps, 'auth'))).toEqual(['smtp:hint.skipped_no_credentials'])
  })

  it('reports a wrong password as refused by both methods', async () => {
    const steps = await diagnose(target({ port, pass: 'wrong' }))
    const auth = step(steps, 'auth')
    expect(auth.verdict).toBe('failed')
    expect(auth.details.attempts.map((a) => [a.method, a.code])).toEqual([
      ['PLAIN', 535],
      ['LOGIN', 535],
    ])
    expect(auth.details.working).toBeNull()
    expect(auth.hints[0]).toMatchObject({
      key: 'smtp:hint.auth_rejected',
      values: { method: 'PLAIN', code: 535 },
    })
  })
})

describe('runSmtpDiagnostics against an implicit-TLS server', () => {
  it('reports the handshake, the greeting after it and a login with LOGIN', async () => {
    const port = await start({
      secure: true,
      key: localCert.key,
      cert: localCert.cert,
      authMethods: ['PLAIN', 'LOGIN'],
      onAuth: acceptLogin,
    })
    const steps = await diagnose(target({ port, secure: 'tls', authMethod: 'LOGIN' }))
    expect(steps.map((s) => s.verdict)).toEqual(['skipped', 'ok', 'warning', 'ok', 'ok', 'ok'])
    const tls = step(steps, 'tls')
    expect(tls.details.mode).toBe('tls')
    expect(tls.details.greeting).toBeUndefined()
    expect(tls.details.report?.certificate?.subjectCn).toBe('localhost')
    expect(step(steps, 'ehlo').details.greeting?.code).toBe(220)
    expect(step(steps, 'auth').details.attempts).toMatchObject([{ method: 'LOGIN', code: 235 }])
  })

  it('warns about a certificate for another name that expires soon', async () => {
    const port = await start({
      secure: true,
      key: otherNameCert.key,
      cert: otherNameCert.cert,
      authMethods: ['PLAIN', 'LOGIN'],
      onAuth: acceptLogin,
    })
    const tls = step(await diagnose(target({ port, secure: 'tls' })), 'tls')
    expect(tls.verdict).toBe('warning')
    expect(tls.details.report?.certificate?.hostnameMatches).toBe(false)
    expect(hintKeys(tls).sort()).toEqual([
      'smtp:hint.cert_expires_soon',
      'smtp:hint.cert_hostname_mismatch',
      'smtp:hint.cert_self_signed',
    ])
    expect(tls.hints.find((h) => h.key === 'smtp:hint.cert_hostname_mismatch')?.values).toEqual({
      host: '127.0.0.1',
      names: 'DNS:mail.example.test',
    })
  })
})

describe('runSmtpDiagnostics against a server whose PLAIN is broken while LOGIN works', () => {
  let port: number
  beforeAll(async () => {
    port = await start({
      key: localCert.key,
      cert: localCert.cert,
      authMethods: ['PLAIN', 'LOGIN'],
      onAuth: (auth, session, done) =>
        auth.method === 'PLAIN'
          ? done(new Error('Authentication mechanism unavailable'))
          : acceptLogin(auth, session, done),
    })
  })

  for (const authMethod of ['PLAIN', 'auto'] as const) {
    it(`says PLAIN fails, LOGIN works, and to set LOGIN (configured: ${authMethod})`, async () => {
      const steps = await diagnose(target({ port, authMethod }))
      expect(step(steps, 'auth_methods').verdict).toBe('ok')
      const auth = step(steps, 'auth')
      expect(auth.verdict).toBe('failed')
      expect(auth.details.attempts).toMatchObject([
        {
          method: 'PLAIN',
          accepted: false,
          code: 535,
          text: 'Authentication mechanism unavailable',
        },
        { method: 'LOGIN', accepted: true, code: 235 },
      ])
      expect(auth.details.working).toBe('LOGIN')
      expect(auth.hints).toEqual([
        {
          key: 'smtp:hint.auth_switch_method',
          values: { failed: 'PLAIN', working: 'LOGIN' },
        },
      ])
    })
  }

  it('passes once the setting says LOGIN', async () => {
    const auth = step(await diagnose(target({ port, authMethod: 'LOGIN' })), 'auth')
    expect(auth.verdict).toBe('ok')
    expect(auth.details.attempts).toHaveLength(1)
  })
})

describe('runSmtpDiagnostics against a server that only offers LOGIN', () => {
  it('fails the methods step for PLAIN and points to LOGIN', async () => {
    const port = await start({
      key: localCert.key,
      cert: localCert.cert,
      authMethods: ['LOGIN'],
      onAuth: acceptLogin,
    })
    const steps = await diagnose(target({ port, authMethod: 'PLAIN' }))
    const methods = step(steps, 'auth_methods')
    expect(methods.verdict).toBe('failed')
    expect(methods.hints).toEqual([
      {
        key: 'smtp:hint.auth_method_not_offered',
        values: { method: 'PLAIN', offered: 'LOGIN', suggestion: 'LOGIN' },
      },
    ])
    const auth = step(steps, 'auth')
    expect(auth.details.attempts.map((a) => [a.method, a.code])).toEqual([
      ['PLAIN', 504],
      ['LOGIN', 235],
    ])
    expect(hintKeys(auth)).toEqual(['smtp:hint.auth_switch_method'])
  })
})

describe('runSmtpDiagnostics when the server cannot be reached', () => {
  it('reports a closed port as refused and skips the rest', async () => {
    const port = await closedPort()
    const steps = await diagnose(target({ port }))
    const ports = step(steps, 'ports')
    expect(ports.verdict).toBe('failed')
    expect(ports.details.probes.find((p) => p.configured)).toMatchObject({ port, state: 'refused' })
    expect(ports.hints[0]).toEqual({
      key: 'smtp:hint.port_refused',
      values: { port, host: '127.0.0.1' },
    })
    expect(steps.slice(2).map((s) => [s.id, s.verdict])).toEqual([
      ['tls', 'skipped'],
      ['ehlo', 'skipped'],
      ['auth_methods', 'skipped'],
      ['auth', 'skipped'],
    ])
  })

  it('times out within the timeout on a port that accepts TCP but never answers', async () => {
    const silent = await startSilentServer()
    servers.push(silent)
    const startedAt = performance.now()
    const steps = await diagnose(target({ port: silent.port, secure: 'starttls' }))
    const elapsed = performance.now() - startedAt
    expect(elapsed).toBeLessThan(TIMEOUT_MS + 2_000)
    expect(step(steps, 'ports').verdict).toBe('ok')
    const tls = step(steps, 'tls')
    expect(tls.verdict).toBe('failed')
    expect(tls.details.errorCode).toBe('ETIMEDOUT')
    expect(tls.durationMs).toBeGreaterThanOrEqual(TIMEOUT_MS - 50)
    expect(tls.hints).toEqual([
      { key: 'smtp:hint.no_greeting', values: { port: silent.port, ms: TIMEOUT_MS } },
    ])
  })

  it('times out the implicit TLS handshake on a silent port', async () => {
    const silent = await startSilentServer()
    servers.push(silent)
    const startedAt = performance.now()
    const tls = step(await diagnose(target({ port: silent.port, secure: 'tls' })), 'tls')
    expect(performance.now() - startedAt).toBeLessThan(TIMEOUT_MS + 2_000)
    expect(tls.verdict).toBe('failed')
    expect(hintKeys(tls)).toEqual(['smtp:hint.tls_timeout'])
  })

  it('fails DNS for a name that cannot resolve', async () => {
    const steps = await diagnose(target({ host: 'nonexistent.invalid', port: 587 }))
    const dns = step(steps, 'dns')
    expect(dns.verdict).toBe('failed')
    expect(dns.details.addresses).toEqual([])
    // ENOTFOUND with a resolver; a sandbox without one answers "temporarily unavailable".
    expect(hintKeys(dns)[0]).toMatch(/^smtp:hint\.dns_(not_found|unavailable|timeout)$/)
    expect(steps.slice(1).every((s) => s.verdict === 'skipped')).toBe(true)
  })

  it('resolves localhost', async () => {
    const dns = step(await diagnose(target({ host: 'localhost', port: await closedPort() })), 'dns')
    expect(dns.verdict).toBe('ok')
    expect(dns.details.addresses.length).toBeGreaterThan(0)
  })
})

describe('every result', () => {
  it('never contains the password, in clear or encoded', () => {
    expect(results.length).toBeGreaterThan(10)
    const all = JSON.stringify(results)
    for (const secret of [
      PASS,
      Buffer.from(PASS).toString('base64'),
      Buffer.from(`\0${USER}\0${PASS}`).toString('base64'),
    ]) {
      expect(all).not.toContain(secret)
    }
  })

  it('has hints that read as whole sentences in every language', () => {
    const hints = results.flat().flatMap((s) => s.hints)
    for (const language of LANGUAGES) {
      const t = translator(language, 'smtp')
      for (const h of hints) {
        const text = t(h.key, h.values)
        expect(text, `${language} ${h.key}`).not.toMatch(/\{\{|smtp:|hint\./)
      }
    }
  })
})
