import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto'
import { worstVerdict, type Verdict } from '../../email/diagnostics/diagnostic-step.ts'
import { DEMO_ORGANIZATION } from './demo-certificates.ts'

// The Apple Wallet diagnostics (/admin/wallet/apple), step by step like the SMTP ones: each step
// a verdict and hints, each hint a message of locales/<lng>/wallet_apple.json.

export const APPLE_STEP_IDS = [
  'signer_certificate',
  'wwdr_certificate',
  'key_matches',
  'expiry',
  'pass_type_id',
  'chain',
  'trust',
] as const
export type AppleStepId = (typeof APPLE_STEP_IDS)[number]

export const APPLE_HINT_NAMES = [
  'missing',
  'unparsable',
  'key_missing',
  'key_unparsable',
  'key_mismatch',
  'key_matches',
  'wwdr_not_apple',
  'wwdr_not_g4',
  'certificate_expired',
  'certificate_not_yet_valid',
  'certificate_expires_soon',
  'certificate_valid_until',
  'pass_type_id_mismatch',
  'pass_type_id_matches',
  'team_id_mismatch',
  'chain_broken',
  'chain_ok',
  'demo_certificate',
  'apple_certificate',
  'skipped_earlier_failure',
] as const
export type AppleHintName = (typeof APPLE_HINT_NAMES)[number]

export type AppleHint = {
  key: `wallet_apple:hint.${AppleHintName}`
  values: Record<string, string | number>
}
const hint = (name: AppleHintName, values: AppleHint['values'] = {}): AppleHint => ({
  key: `wallet_apple:hint.${name}`,
  values,
})

export type AppleDiagnosticStep = {
  id: AppleStepId
  verdict: Verdict
  hints: AppleHint[]
  details: Record<string, string | number | boolean | null>
}

/** What the diagnostics examine: the settings in force (PEM text), nothing fetched. */
export type AppleDiagnosticsInput = {
  passTypeId: string | null
  teamId: string | null
  signerCertificate: string | null
  signerKey: string | null
  wwdrCertificate: string | null
  now?: Date
}

const parseCertificate = (pem: string | null) => {
  if (!pem?.trim()) return { state: 'missing' as const }
  try {
    return { state: 'ok' as const, certificate: new X509Certificate(pem) }
  } catch {
    return { state: 'unparsable' as const }
  }
}

/** The value of one attribute (`UID`, `OU`, `CN` …) of a certificate's subject. */
export const subjectField = (certificate: X509Certificate, name: string): string | null => {
  for (const line of certificate.subject.split('\n')) {
    const at = line.indexOf('=')
    if (line.slice(0, at) === name) return line.slice(at + 1)
  }
  return null
}

/** The pass type id a Pass Type ID certificate is for: its UID, else its CN after "Pass Type ID: ". */
export const certificatePassTypeId = (certificate: X509Certificate): string | null =>
  subjectField(certificate, 'UID') ??
  subjectField(certificate, 'CN')?.replace(/^Pass Type ID:\s*/, '') ??
  null

const DAY = 86_400_000
const day = (date: Date) => date.toISOString().slice(0, 10)

const step = (
  id: AppleStepId,
  verdict: Verdict,
  hints: AppleHint[],
  details: AppleDiagnosticStep['details'] = {},
): AppleDiagnosticStep => ({ id, verdict, hints, details })

const skipped = (id: AppleStepId) => step(id, 'skipped', [hint('skipped_earlier_failure')])

const certificateStep = (id: AppleStepId, parsed: ReturnType<typeof parseCertificate>) => {
  if (parsed.state !== 'ok') return step(id, 'failed', [hint(parsed.state)])
  const { certificate } = parsed
  return step(id, 'ok', [], {
    subject: certificate.subject.replace(/\n/g, ', '),
    issuer: certificate.issuer.replace(/\n/g, ', '),
    serial: certificate.serialNumber,
    valid_from: certificate.validFrom,
    valid_to: certificate.validTo,
  })
}

const expiryHints = (label: string, certificate: X509Certificate, now: Date) => {
  const from = new Date(certificate.validFrom)
  const to = new Date(certificate.validTo)
  const values = { certificate: label, date: day(to) }
  if (to.getTime() <= now.getTime())
    return { verdict: 'failed' as const, hint: hint('certificate_expired', values) }
  if (from.getTime() > now.getTime())
    return {
      verdict: 'failed' as const,
      hint: hint('certificate_not_yet_valid', { certificate: label, date: day(from) }),
    }
  if (to.getTime() - now.getTime() < 30 * DAY)
    return { verdict: 'warning' as const, hint: hint('certificate_expires_soon', values) }
  return { verdict: 'ok' as const, hint: hint('certificate_valid_until', values) }
}

const isDemo = (certificate: X509Certificate) =>
  subjectField(certificate, 'O') === DEMO_ORGANIZATION

/** Runs every step on the given settings (no network: certificates and key only). */
export const runAppleDiagnostics = (input: AppleDiagnosticsInput): AppleDiagnosticStep[] => {
  const now = input.now ?? new Date()
  const signer = parseCertificate(input.signerCertificate)
  const wwdr = parseCertificate(input.wwdrCertificate)
  const steps: AppleDiagnosticStep[] = [certificateStep('signer_certificate', signer)]

  const wwdrStep = certificateStep('wwdr_certificate', wwdr)
  if (wwdr.state === 'ok' && !isDemo(wwdr.certificate)) {
    const cn = subjectField(wwdr.certificate, 'CN') ?? ''
    if (!/Worldwide Developer Relations/.test(cn)) {
      wwdrStep.verdict = 'warning'
      wwdrStep.hints.push(hint('wwdr_not_apple', { subject: cn }))
    } else if (subjectField(wwdr.certificate, 'OU') !== 'G4') {
      wwdrStep.verdict = 'warning'
      wwdrStep.hints.push(hint('wwdr_not_g4', { ou: subjectField(wwdr.certificate, 'OU') ?? '' }))
    }
  }
  steps.push(wwdrStep)

  // The key matches the signer certificate.
  if (signer.state !== 'ok') steps.push(skipped('key_matches'))
  else if (!input.signerKey?.trim())
    steps.push(step('key_matches', 'failed', [hint('key_missing')]))
  else {
    let key: KeyObject | null = null
    try {
      key = createPrivateKey(input.signerKey)
    } catch {
      steps.push(step('key_matches', 'failed', [hint('key_unparsable')]))
    }
    if (key)
      steps.push(
        signer.certificate.checkPrivateKey(key)
          ? step('key_matches', 'ok', [hint('key_matches')], {
              key_type: key.asymmetricKeyType ?? '',
            })
          : step('key_matches', 'failed', [hint('key_mismatch')], {
              key_type: key.asymmetricKeyType ?? '',
            }),
      )
  }

  // Expiry of both certificates: an expired one fails with its own message.
  const dated = [
    ...(signer.state === 'ok' ? [['signer', signer.certificate] as const] : []),
    ...(wwdr.state === 'ok' ? [['wwdr', wwdr.certificate] as const] : []),
  ]
  if (dated.length === 0) steps.push(skipped('expiry'))
  else {
    const checks = dated.map(([label, certificate]) => expiryHints(label, certificate, now))
    steps.push(
      step(
        'expiry',
        worstVerdict(checks.map((check) => check.verdict)),
        checks.map((check) => check.hint),
        Object.fromEntries(
          dated.map(([label, certificate]) => [`${label}_valid_to`, certificate.validTo]),
        ),
      ),
    )
  }

  // The pass type id (and team id) are the certificate's.
  if (signer.state !== 'ok') steps.push(skipped('pass_type_id'))
  else {
    const inCertificate = certificatePassTypeId(signer.certificate)
    const teamInCertificate = subjectField(signer.certificate, 'OU')
    const hints: AppleHint[] = []
    const passTypeOk = inCertificate === input.passTypeId
    hints.push(
      passTypeOk
        ? hint('pass_type_id_matches', { pass_type_id: inCertificate ?? '' })
        : hint('pass_type_id_mismatch', {
            configured: input.passTypeId ?? '',
            certificate: inCertificate ?? '',
          }),
    )
    const teamOk = !teamInCertificate || teamInCertificate === input.teamId
    if (!teamOk)
      hints.push(
        hint('team_id_mismatch', {
          configured: input.teamId ?? '',
          certificate: teamInCertificate,
        }),
      )
    steps.push(
      step('pass_type_id', passTypeOk && teamOk ? 'ok' : 'failed', hints, {
        configured_pass_type_id: input.passTypeId,
        certificate_pass_type_id: inCertificate,
        configured_team_id: input.teamId,
        certificate_team_id: teamInCertificate,
      }),
    )
  }

  // The signer certificate was issued by the intermediate.
  if (signer.state !== 'ok' || wwdr.state !== 'ok') steps.push(skipped('chain'))
  else {
    const issued =
      signer.certificate.checkIssued(wwdr.certificate) &&
      signer.certificate.verify(wwdr.certificate.publicKey)
    steps.push(
      step('chain', issued ? 'ok' : 'failed', [hint(issued ? 'chain_ok' : 'chain_broken')]),
    )
  }

  // Only Apple's chain installs on an iPhone.
  if (signer.state !== 'ok') steps.push(skipped('trust'))
  else
    steps.push(
      isDemo(signer.certificate)
        ? step('trust', 'warning', [hint('demo_certificate')])
        : step('trust', 'ok', [hint('apple_certificate')]),
    )
  return steps
}
