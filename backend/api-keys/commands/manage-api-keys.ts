import type { Knex } from 'knex'
import { z } from 'zod'
import { AppError } from '../../errors.ts'
import { authorize } from '../../policies/policies.ts'
import { recordedActor, type Principal } from '../../policies/principal.ts'
import { merchantScope } from '../../policies/scope.ts'
import { createApiKey, revokeApiKey, type CreatedApiKey } from '../api-keys.ts'

export const API_KEY_NAME_MAX_LENGTH = 100

/**
 * An owner creates a key on the API keys page: a name (1 to 100 characters, VALIDATION_FAILED
 * `name`), recorded with who made it. The token is in the answer only (shown once).
 */
export const createMerchantApiKey = async (
  db: Knex,
  props: { principal: Principal; name: unknown },
): Promise<CreatedApiKey> => {
  const { merchantId } = merchantScope(props.principal)
  authorize(props.principal, 'api_key.create', { merchantId })
  const name = z.string().trim().min(1).max(API_KEY_NAME_MAX_LENGTH).safeParse(props.name)
  if (!name.success)
    throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'name', code: 'invalid' }] })
  return createApiKey(db, {
    merchantId,
    name: name.data,
    actor: recordedActor(props.principal),
    createdBy: props.principal.kind === 'merchant_user' ? props.principal.id : null,
  })
}

/** An owner revokes one of the merchant's keys (NOT_FOUND otherwise); its next request fails. */
export const revokeMerchantApiKey = async (
  db: Knex,
  props: { principal: Principal; keyId: string },
): Promise<void> => {
  const { merchantId } = merchantScope(props.principal)
  authorize(props.principal, 'api_key.revoke', { merchantId })
  await revokeApiKey(db, { merchantId, id: props.keyId, actor: recordedActor(props.principal) })
}
