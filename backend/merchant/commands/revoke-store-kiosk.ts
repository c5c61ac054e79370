import type { Knex } from 'knex'
import { AppError } from '../../errors.ts'
import { revokeKiosk } from '../../kiosks/commands/revoke-kiosk.ts'
import { authorize } from '../../policies/policies.ts'
import { recordedActor, type Principal } from '../../policies/principal.ts'
import { merchantScope } from '../../policies/scope.ts'
import { findMerchantKiosk } from '../queries/kiosks.ts'
import type { MerchantKiosk } from '../presenters.ts'

/**
 * A merchant user revokes a kiosk: it is locked out at its next contact (401 DEVICE_REVOKED)
 * and wipes itself. A kiosk the policy puts out of the user's reach (another merchant's, a
 * store a manager does not run) is NOT_FOUND; one already revoked stays so (a second click
 * changes nothing). The audit row is written by the kiosk command.
 */
export const revokeStoreKiosk = async (
  db: Knex,
  props: { principal: Principal; kioskId: string },
): Promise<MerchantKiosk> => {
  const { merchantId } = merchantScope(props.principal)
  const kiosk = await findMerchantKiosk(db, { merchantId, storeIds: null }, props.kioskId)
  if (!kiosk) throw new AppError('NOT_FOUND')
  authorize(props.principal, 'kiosk.revoke', { merchantId, storeId: kiosk.storeId })
  if (kiosk.status === 'revoked') return kiosk
  await revokeKiosk(db, { merchantId, kioskId: kiosk.id, actor: recordedActor(props.principal) })
  return { ...kiosk, status: 'revoked' }
}
