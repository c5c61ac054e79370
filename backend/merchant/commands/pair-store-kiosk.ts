import type { Knex } from 'knex'
import { z } from 'zod'
import { AppError, validationFailed } from '../../errors.ts'
import { createKioskPairing, type CreatedKiosk } from '../../kiosks/commands/create-kiosk.ts'
import { authorize } from '../../policies/policies.ts'
import { recordedActor, type Principal } from '../../policies/principal.ts'
import { merchantScope } from '../../policies/scope.ts'
import { findMerchantKiosk, listPairableStores } from '../queries/kiosks.ts'

/** How long a kiosk's name may be (it is shown on the kiosk and in the review list). */
export const KIOSK_NAME_MAX_LENGTH = 100

export type KioskPairing = CreatedKiosk & { kioskName: string; storeName: string }

/**
 * A merchant user pairs a kiosk from the Kiosks page: a new kiosk for one of the open stores
 * in their reach (store code and name, checked here), or — with `kioskId` — a new one-time code
 * for a kiosk of theirs still waiting for pairing (the policy decides; out of reach is
 * NOT_FOUND). The audit row is written by the kiosk command.
 */
export const pairStoreKiosk = async (
  db: Knex,
  props: {
    principal: Principal
    /** The platform's BASE_URL: what the pairing QR tells the kiosk to talk to. */
    baseUrl: string
  } & ({ store: unknown; name: unknown } | { kioskId: string }),
): Promise<KioskPairing> => {
  const scope = merchantScope(props.principal)
  const actor = recordedActor(props.principal)
  if ('kioskId' in props) {
    const kiosk = await findMerchantKiosk(
      db,
      { merchantId: scope.merchantId, storeIds: null },
      props.kioskId,
    )
    if (!kiosk) throw new AppError('NOT_FOUND')
    authorize(props.principal, 'kiosk.pair', {
      merchantId: scope.merchantId,
      storeId: kiosk.storeId,
    })
    if (kiosk.status !== 'pending') throw new AppError('NOT_FOUND')
    const created = await createKioskPairing(db, {
      merchantId: scope.merchantId,
      storeCode: kiosk.storeCode,
      name: kiosk.name,
      baseUrl: props.baseUrl,
      actor,
      kioskId: kiosk.id,
    })
    return { ...created, kioskName: kiosk.name, storeName: kiosk.storeName }
  }
  // The stores the policy puts within reach (merchantScope narrows as withinStores does).
  const stores = await listPairableStores(db, scope)
  const form = z
    .object({
      store: z.string().refine((code) => stores.some((store) => store.code === code)),
      name: z.string().trim().min(1).max(KIOSK_NAME_MAX_LENGTH),
    })
    .safeParse({ store: props.store, name: props.name })
  if (!form.success) throw validationFailed(form.error)
  const store = stores.find((candidate) => candidate.code === form.data.store)!
  const created = await createKioskPairing(db, {
    merchantId: scope.merchantId,
    storeCode: store.code,
    name: form.data.name,
    baseUrl: props.baseUrl,
    actor,
  })
  return { ...created, kioskName: form.data.name, storeName: store.name }
}
