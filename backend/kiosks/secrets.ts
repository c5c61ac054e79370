import { createHash, randomBytes, randomInt } from 'node:crypto'
import { PAIRING_ALPHABET, PAIRING_CODE_LENGTH } from '../../shared/schemas/kiosk-api.ts'

/** SHA-256 hex: pairing codes and device credentials are stored only this way. */
export const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('hex')

/** A one-time pairing code from the unambiguous alphabet (uniform: randomInt has no bias). */
export const newPairingCode = () =>
  Array.from(
    { length: PAIRING_CODE_LENGTH },
    () => PAIRING_ALPHABET[randomInt(PAIRING_ALPHABET.length)],
  ).join('')

export const DEVICE_CREDENTIAL_PREFIX = 'rfd_'

/** 32 random bytes: what a paired kiosk presents on every request. */
export const newDeviceCredential = () =>
  `${DEVICE_CREDENTIAL_PREFIX}${randomBytes(32).toString('base64url')}`
