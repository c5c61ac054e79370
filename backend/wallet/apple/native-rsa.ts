import { constants, createPrivateKey, privateEncrypt, type KeyObject } from 'node:crypto'
import forge from 'node-forge'

// node-forge (which passkit-generator signs passes with, and which makes our demo certificates)
// does RSA in plain JavaScript: 0.1–1 s per signature on a small, busy server, far above the
// 50 ms a pass download may take. Its keys get a `sign` that asks OpenSSL instead (node:crypto):
// the same PKCS#1 v1.5 signature over the same DigestInfo, bit for bit.

type ForgeDigest = { algorithm: string; digest: () => forge.util.ByteStringBuffer }

/** The DER DigestInfo (algorithm OID, NULL parameters, the hash) that PKCS#1 v1.5 signs. */
const digestInfo = (md: ForgeDigest): Buffer => {
  const { asn1 } = forge
  const oid = (forge.pki.oids as Record<string, string>)[md.algorithm]
  if (!oid) throw new Error(`unknown digest ${md.algorithm}`)
  const der = asn1.toDer(
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
      asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
        asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer(oid).getBytes()),
        asn1.create(asn1.Class.UNIVERSAL, asn1.Type.NULL, false, ''),
      ]),
      asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OCTETSTRING, false, md.digest().getBytes()),
    ]),
  )
  return Buffer.from(der.getBytes(), 'binary')
}

/** Makes a forge RSA private key sign through OpenSSL (other schemes stay forge's). */
const parsed = new Map<string, KeyObject>()
const nativeKey = (pem: string) => {
  let key = parsed.get(pem)
  if (!key) {
    key = createPrivateKey(pem)
    if (parsed.size > 100) parsed.clear()
    parsed.set(pem, key)
  }
  return key
}

export const signNatively = <K extends forge.pki.rsa.PrivateKey>(key: K, pem?: string): K => {
  const native = nativeKey(pem ?? forge.pki.privateKeyToPem(key))
  const original = key.sign.bind(key)
  key.sign = ((md: ForgeDigest, scheme?: string) =>
    scheme === undefined || scheme === 'RSASSA-PKCS1-V1_5'
      ? privateEncrypt(
          { key: native, padding: constants.RSA_PKCS1_PADDING },
          digestInfo(md),
        ).toString('binary')
      : original(md as never, scheme as never)) as K['sign']
  return key
}

let installed = false

/**
 * From now on, keys that forge reads from PEM for passkit-generator (`decryptRsaPrivateKey`, its
 * only way in) sign natively. Idempotent.
 */
export const useNativeRsaForPasses = () => {
  if (installed) return
  installed = true
  const decrypt = forge.pki.decryptRsaPrivateKey.bind(forge.pki)
  // forge answers null for a wrong password (its typings say otherwise).
  forge.pki.decryptRsaPrivateKey = ((pem: string, password?: string) => {
    const key = decrypt(pem, password) as forge.pki.rsa.PrivateKey | null
    return key ? signNatively(key, password ? undefined : pem) : key
  }) as typeof forge.pki.decryptRsaPrivateKey
}
