import { randomBytes } from 'node:crypto'
import type { Config } from '../config.ts'
import { decryptSecret, encryptSecret, settingsKey } from '../email/settings-crypto.ts'

// The signing secret must be readable by the worker (it signs with it), so it is kept as
// AES-256-GCM ciphertext under EMAIL_SETTINGS_KEY, as the SMTP password; shown once.
const PURPOSE = 'webhook_endpoint_secret'

export const newEndpointSecret = (): string => `whsec_${randomBytes(32).toString('base64url')}`

export const sealEndpointSecret = (
  secret: string,
  config: Pick<Config, 'emailSettingsKey' | 'dataDir' | 'env'>,
): string => encryptSecret(secret, settingsKey(config).key, PURPOSE)

export const openEndpointSecret = (
  stored: string,
  config: Pick<Config, 'emailSettingsKey' | 'dataDir' | 'env'>,
): string => decryptSecret(stored, settingsKey(config).key, PURPOSE)
