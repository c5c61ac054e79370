import { generateKeyPairSync, randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import forge from 'node-forge'
import { signNatively } from './native-rsa.ts'

// A self-made certificate authority standing in for Apple's: a root, a "WWDR"-like intermediate
// and a Pass Type ID certificate under it, plus TLS certificates for the local APNs stand-in.
// Passes signed with it verify against this root (openssl) but never install on a real iPhone,
// which trusts Apple's root only.

export type PemPair = { certificate: string; privateKey: string }

export type DemoAppleCertificates = {
  root: PemPair
  wwdr: PemPair
  signer: PemPair
  passTypeId: string
  teamId: string
}

export const DEMO_PASS_TYPE_ID = 'pass.lu.rewardflow.demo'
export const DEMO_TEAM_ID = 'DEMO000000'
/** The organization every demo certificate names: how the page and diagnostics recognize it. */
export const DEMO_ORGANIZATION = 'RewardFlow demo CA (not Apple)'

const newKey = () => {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
  return signNatively(forge.pki.privateKeyFromPem(pem) as forge.pki.rsa.PrivateKey, pem)
}

type CertificateRequest = {
  subject: forge.pki.CertificateField[]
  issuer?: { certificate: forge.pki.Certificate; key: forge.pki.rsa.PrivateKey }
  ca: boolean
  notBefore?: Date
  notAfter?: Date
  extensions?: object[]
}

/** One X.509 certificate with a fresh RSA key, signed by `issuer` (self-signed without one). */
export const issueCertificate = (request: CertificateRequest) => {
  const key = newKey()
  const certificate = forge.pki.createCertificate()
  certificate.publicKey = forge.pki.rsa.setPublicKey(key.n, key.e)
  certificate.serialNumber = `01${randomBytes(8).toString('hex')}`
  const now = Date.now()
  certificate.validity.notBefore = request.notBefore ?? new Date(now - 60_000)
  certificate.validity.notAfter = request.notAfter ?? new Date(now + 5 * 365 * 86_400_000)
  certificate.setSubject(request.subject)
  certificate.setIssuer(
    request.issuer ? request.issuer.certificate.subject.attributes : request.subject,
  )
  certificate.setExtensions([
    { name: 'basicConstraints', cA: request.ca, critical: true },
    request.ca
      ? { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true }
      : { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
    { name: 'subjectKeyIdentifier' },
    ...(request.extensions ?? []),
  ])
  certificate.sign(request.issuer?.key ?? key, forge.md.sha256.create())
  return { certificate, key }
}

export const pems = (issued: {
  certificate: forge.pki.Certificate
  key: forge.pki.rsa.PrivateKey
}) => ({
  certificate: forge.pki.certificateToPem(issued.certificate),
  privateKey: forge.pki.privateKeyToPem(issued.key),
})

const organization = (name: string) => [
  { shortName: 'CN', value: name },
  { shortName: 'O', value: DEMO_ORGANIZATION },
]

/** A Pass Type ID certificate as Apple issues it: UID = pass type id, OU = team id. */
export const passTypeSubject = (passTypeId: string, teamId: string) => [
  { type: '0.9.2342.19200300.100.1.1', value: passTypeId },
  { shortName: 'CN', value: `Pass Type ID: ${passTypeId}` },
  { shortName: 'OU', value: teamId },
  { shortName: 'O', value: DEMO_ORGANIZATION },
]

type Issued = ReturnType<typeof issueCertificate>

/** A root and a WWDR-like intermediate under it. */
export const makeDemoAuthority = () => {
  const root = issueCertificate({ subject: organization('RewardFlow Demo Root CA'), ca: true })
  const wwdr = issueCertificate({
    subject: organization('RewardFlow Demo WWDR Intermediate (G4 stand-in)'),
    issuer: root,
    ca: true,
  })
  return { root, wwdr }
}

/** A Pass Type ID certificate signed by the intermediate (dates adjustable, for the tests). */
export const issuePassCertificate = (
  wwdr: Issued,
  passTypeId: string,
  teamId: string,
  validity: { notBefore?: Date; notAfter?: Date } = {},
) =>
  issueCertificate({
    subject: passTypeSubject(passTypeId, teamId),
    issuer: wwdr,
    ca: false,
    ...validity,
  })

/** A TLS server certificate for `localhost` (the APNs stand-in) signed by the root. */
export const issueLocalhostCertificate = (root: Issued): PemPair =>
  pems(
    issueCertificate({
      subject: organization('localhost'),
      issuer: root,
      ca: false,
      extensions: [
        { name: 'extKeyUsage', serverAuth: true },
        {
          name: 'subjectAltName',
          altNames: [
            { type: 2, value: 'localhost' },
            { type: 7, ip: '127.0.0.1' },
          ],
        },
      ],
    }),
  )

/** A whole demo set: root, intermediate, pass certificate. */
export const makeDemoAppleCertificates = (
  passTypeId = DEMO_PASS_TYPE_ID,
  teamId = DEMO_TEAM_ID,
): DemoAppleCertificates => {
  const { root, wwdr } = makeDemoAuthority()
  const signer = issuePassCertificate(wwdr, passTypeId, teamId)
  return { root: pems(root), wwdr: pems(wwdr), signer: pems(signer), passTypeId, teamId }
}

export const DEMO_CERTIFICATES_FILE = 'apple-wallet-demo.json'

/**
 * The demo set kept in DATA_DIR (made once, on the first start without certificates): the same
 * root across restarts, so passes and the APNs stand-in's certificate stay valid.
 */
const loaded = new Map<string, DemoAppleCertificates>()

export const demoAppleCertificates = (dataDir: string): DemoAppleCertificates => {
  const file = path.join(dataDir, DEMO_CERTIFICATES_FILE)
  const known = loaded.get(file)
  if (known) return known
  try {
    const read = JSON.parse(readFileSync(file, 'utf8')) as DemoAppleCertificates
    loaded.set(file, read)
    return read
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
  const made = makeDemoAppleCertificates()
  mkdirSync(dataDir, { recursive: true })
  try {
    // 'wx': of two processes making it at once, one writes and both read the same set.
    writeFileSync(file, `${JSON.stringify(made, null, 2)}\n`, { mode: 0o600, flag: 'wx' })
  } catch (raced) {
    if ((raced as NodeJS.ErrnoException).code !== 'EEXIST') throw raced
  }
  return JSON.parse(readFileSync(file, 'utf8')) as DemoAppleCertificates
}
