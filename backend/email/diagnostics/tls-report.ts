import tls from 'node:tls'
import { hint, worstVerdict, type Hint, type Verdict } from './diagnostic-step.ts'
import type { CertificateReport, TlsReport } from './tls-types.ts'

const DAY_MS = 86_400_000
/** A certificate expiring sooner than this is worth a warning. */
export const EXPIRY_WARNING_DAYS = 14

const text = (value: string | string[] | undefined): string | null =>
  value === undefined ? null : Array.isArray(value) ? value.join(', ') : value

const isoDate = (value: string): string => {
  const time = Date.parse(value)
  return Number.isNaN(time) ? value : new Date(time).toISOString()
}

/** What the handshake established: protocol, cipher and the server certificate's facts. */
export const describeTls = (socket: tls.TLSSocket, host: string, now = Date.now()): TlsReport => {
  const cert = socket.getPeerCertificate(true)
  const hasCert = Boolean(cert && Object.keys(cert).length > 0)
  const trustError = socket.authorizationError ? String(socket.authorizationError) : null
  const certificate: CertificateReport | null = hasCert
    ? {
        subjectCn: text(cert.subject?.CN),
        altNames: (cert.subjectaltname ?? '')
          .split(',')
          .map((name) => name.trim())
          .filter(Boolean),
        issuer: text(cert.issuer?.CN) ?? text(cert.issuer?.O),
        validFrom: isoDate(cert.valid_from),
        validTo: isoDate(cert.valid_to),
        daysLeft: Math.floor((Date.parse(cert.valid_to) - now) / DAY_MS),
        selfSigned:
          trustError === 'DEPTH_ZERO_SELF_SIGNED_CERT' ||
          cert.issuerCertificate?.fingerprint256 === cert.fingerprint256,
        trusted: socket.authorized,
        trustError,
        hostnameMatches: tls.checkServerIdentity(host, cert) === undefined,
        fingerprint256: cert.fingerprint256,
      }
    : null
  return {
    protocol: socket.getProtocol(),
    cipher: socket.getCipher().name,
    certificate,
  }
}

/** The verdict on an established TLS session and what to do about its certificate. */
export const judgeTls = (report: TlsReport, host: string): { verdict: Verdict; hints: Hint[] } => {
  const cert = report.certificate
  if (!cert) return { verdict: 'warning', hints: [hint('cert_untrusted', { reason: 'none' })] }
  const found: { verdict: Verdict; hint: Hint }[] = []
  if (cert.daysLeft < 0) {
    found.push({
      verdict: 'failed',
      hint: hint('cert_expired', { date: cert.validTo.slice(0, 10) }),
    })
  } else if (cert.daysLeft < EXPIRY_WARNING_DAYS) {
    found.push({
      verdict: 'warning',
      hint: hint('cert_expires_soon', { date: cert.validTo.slice(0, 10), days: cert.daysLeft }),
    })
  }
  if (cert.selfSigned && !cert.trusted) {
    found.push({ verdict: 'warning', hint: hint('cert_self_signed') })
  } else if (!cert.trusted && cert.trustError !== 'CERT_HAS_EXPIRED') {
    found.push({
      verdict: 'warning',
      hint: hint('cert_untrusted', { reason: cert.trustError ?? 'unknown' }),
    })
  }
  if (!cert.hostnameMatches) {
    const names = cert.altNames.length > 0 ? cert.altNames.join(', ') : (cert.subjectCn ?? '?')
    found.push({ verdict: 'warning', hint: hint('cert_hostname_mismatch', { host, names }) })
  }
  return {
    verdict: found.length === 0 ? 'ok' : worstVerdict(found.map((f) => f.verdict)),
    hints: found.map((f) => f.hint),
  }
}
