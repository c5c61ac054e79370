import type { Knex } from 'knex'
import { AppError } from '../../errors.ts'
import { revokeKiosk } from '../../kiosks/commands/revoke-kiosk.ts'
import type { MerchantScope } from '../queries/merchant-overview.ts'
import { findMerchantKiosk } from '../queries/kiosks.ts'
import type { MerchantKiosk } from '../presenters.ts'
import { merchantUserActor } from '../../auth/actor.ts'

/**
 * A merchant user revokes a kiosk of their scope: it is locked out at its next contact (401
 * DEVICE_REVOKED) and wipes itself. A kiosk outside the scope is NOT_FOUND; one already revoked
 * stays so (a second click changes nothing). The audit row is written by the kiosk command.
 */
export const revokeStoreKiosk = async (
  db: Knex,
  props: { scope: MerchantScope; userId: string; kioskId: string },
): Promise<MerchantKiosk> => {
  const kiosk = await findMerchantKiosk(db, props.scope, props.kioskId)
  if (!kiosk) throw new AppError('NOT_FOUND')
  if (kiosk.status === 'revoked') return kiosk
  await revokeKiosk(db, {
    merchantId: props.scope.merchantId,
    kioskId: kiosk.id,
    actor: merchantUserActor(props.scope.merchantId, props.userId),
  })
  return { ...kiosk, status: 'revoked' }
}
