import { importPKCS8, type CryptoKey } from 'jose'
import { createPrivateKey, createPublicKey } from 'node:crypto'

/** The parts of a Google service-account key file (JSON) that RewardFlow uses. */
export type ServiceAccount = {
  clientEmail: string
  privateKeyId: string | null
  privateKeyPem: string
}

export type ServiceAccountProblem = 'not_json' | 'not_service_account' | 'no_email' | 'bad_key'

/**
 * Reads an uploaded key file: JSON with `type: service_account`, `client_email` and a PKCS#8
 * RSA `private_key`. Answers the first problem found instead of throwing, for the form and the
 * diagnostics alike.
 */
export const parseServiceAccount = (
  text: string,
): { ok: true; account: ServiceAccount } | { ok: false; problem: ServiceAccountProblem } => {
  let json: Record<string, unknown>
  try {
    json = JSON.parse(text) as Record<string, unknown>
  } catch {
    return { ok: false, problem: 'not_json' }
  }
  if (typeof json !== 'object' || json === null || json.type !== 'service_account')
    return { ok: false, problem: 'not_service_account' }
  if (typeof json.client_email !== 'string' || !json.client_email.includes('@'))
    return { ok: false, problem: 'no_email' }
  const pem = typeof json.private_key === 'string' ? json.private_key : ''
  if (!privateKeyIsRsa(pem)) return { ok: false, problem: 'bad_key' }
  return {
    ok: true,
    account: {
      clientEmail: json.client_email,
      privateKeyId: typeof json.private_key_id === 'string' ? json.private_key_id : null,
      privateKeyPem: pem,
    },
  }
}

const privateKeyIsRsa = (pem: string) => {
  try {
    return createPrivateKey(pem).asymmetricKeyType === 'rsa'
  } catch {
    return false
  }
}

/** The public half of a service account's key (what Google keeps), as SPKI PEM. */
export const publicKeyPemOf = (privateKeyPem: string): string =>
  createPublicKey(privateKeyPem).export({ type: 'spki', format: 'pem' }).toString()

const signingKeys = new Map<string, Promise<CryptoKey>>()

/** The key for RS256 signatures (imported once per key). */
export const signingKeyOf = (account: ServiceAccount): Promise<CryptoKey> => {
  let key = signingKeys.get(account.privateKeyPem)
  if (!key) {
    // jose wants PKCS#8; Google's files are PKCS#8 already, a converted PKCS#1 key too.
    const pkcs8 = createPrivateKey(account.privateKeyPem)
      .export({ type: 'pkcs8', format: 'pem' })
      .toString()
    key = importPKCS8(pkcs8, 'RS256')
    signingKeys.set(account.privateKeyPem, key)
  }
  return key
}
