import { describe, expect, it } from 'vitest'
import { judgeTls } from './tls-report.ts'
import type { CertificateReport, TlsReport } from './tls-types.ts'

const report = (certificate: Partial<CertificateReport>): TlsReport => ({
  protocol: 'TLSv1.3',
  cipher: 'TLS_AES_256_GCM_SHA384',
  certificate: {
    subjectCn: 'smtp.example.com',
    altNames: ['DNS:smtp.example.com'],
    issuer: 'R11',
    validFrom: '2026-01-01T00:00:00.000Z',
    validTo: '2026-12-31T00:00:00.000Z',
    daysLeft: 200,
    selfSigned: false,
    trusted: true,
    trustError: null,
    hostnameMatches: true,
    fingerprint256: 'AA:BB',
    ...certificate,
  },
})

describe('judgeTls', () => {
  it('accepts a trusted certificate for the host', () => {
    expect(judgeTls(report({}), 'smtp.example.com')).toEqual({ verdict: 'ok', hints: [] })
  })

  it('fails an expired certificate, with its date', () => {
    expect(
      judgeTls(
        report({ daysLeft: -3, trusted: false, trustError: 'CERT_HAS_EXPIRED' }),
        'smtp.example.com',
      ),
    ).toEqual({
      verdict: 'failed',
      hints: [{ key: 'smtp:hint.cert_expired', values: { date: '2026-12-31' } }],
    })
  })

  it('warns about a certificate from an unknown authority', () => {
    const judged = judgeTls(
      report({ trusted: false, trustError: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' }),
      'smtp.example.com',
    )
    expect(judged).toEqual({
      verdict: 'warning',
      hints: [
        { key: 'smtp:hint.cert_untrusted', values: { reason: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' } },
      ],
    })
  })
})
