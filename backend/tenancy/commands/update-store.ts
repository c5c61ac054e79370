import type { Knex } from 'knex'
import { missingTermsLanguages } from '../../../shared/programme-terms.ts'
import type { StoreDetail, StorePatchBody } from '../../../shared/schemas/store-api.ts'
import type { Actor } from '../../auth/actor.ts'
import { audited } from '../../audit/audited.ts'
import { versionedUpdate } from '../../db/versioned-update.ts'
import { AppError } from '../../errors.ts'
import { storeLanguagesOf } from '../../loyalty/programme-queries.ts'
import type { ProgrammeRow } from '../../loyalty/models.ts'
import { authorize } from '../../policies/policies.ts'
import { recordedActor, type Principal } from '../../policies/principal.ts'
import { merchantScope } from '../../policies/scope.ts'
import type { StoreRow } from '../models.ts'
import { presentStoreDetail } from '../presenters.ts'
import { findMerchantStore } from '../queries/merchant-stores.ts'
import type { CheckedLogo } from '../store-logo.ts'

/** What a save does to the logo: keep it (none), a new one (checked), or none any more. */
export type LogoChange = { set: CheckedLogo } | { remove: true }

/** The audited fields of a store (the logo by its URL: the bytes are in store_logos). */
const fieldsOf = (store: StoreRow) => ({
  name: store.name,
  description: store.description,
  address_line1: store.address_line1,
  address_line2: store.address_line2,
  postal_code: store.postal_code,
  city: store.city,
  country: store.country,
  phone: store.phone,
  timezone: store.timezone,
  default_language: store.default_language,
  brand_color: store.brand_color,
  logo_url: store.logo_url,
})

/**
 * A live programme needs terms in the default language of every open store: a store that
 * switches to a language without terms would leave its customers without them.
 */
const checkTermsCoverStore = async (trx: Knex.Transaction, merchantId: string) => {
  const live: Pick<ProgrammeRow, 'terms' | 'terms_url'>[] = await trx('programmes')
    .where('merchant_id', merchantId)
    .whereIn('status', ['active', 'paused'])
    .select('terms', 'terms_url')
  if (live.length === 0) return
  const languages = await storeLanguagesOf(trx, merchantId)
  for (const programme of live) {
    const missing = missingTermsLanguages(programme, languages)
    if (missing.length > 0) throw new AppError('PROGRAMME_TERMS_REQUIRED', { languages: missing })
  }
}

const changeStore = audited(
  'store.update',
  async (
    trx: Knex.Transaction,
    props: {
      actor: Actor
      merchantId: string
      principal: Principal
      storeId: string
      patch: StorePatchBody
      logo?: LogoChange | undefined
    },
  ) => {
    const { version, ...patch } = props.patch
    const current = await findMerchantStore(trx, props.merchantId, props.storeId)
    authorize(props.principal, 'store.update', {
      merchantId: props.merchantId,
      storeId: current.id,
    })
    const logo = props.logo
    if (logo && 'set' in logo)
      await trx('store_logos')
        .insert({
          sha256: logo.set.sha256,
          content_type: logo.set.contentType,
          bytes: logo.set.bytes,
        })
        .onConflict('sha256')
        .ignore()
    const updated = await versionedUpdate<StoreRow>(trx, {
      subject: 'store',
      merchantId: props.merchantId,
      id: current.id,
      version,
      changes: {
        ...patch,
        ...(patch.description ? { description: JSON.stringify(patch.description) } : {}),
        ...(logo
          ? 'set' in logo
            ? { logo_sha256: logo.set.sha256, logo_url: logo.set.path }
            : { logo_sha256: null, logo_url: null }
          : {}),
      },
    })
    if (updated.active && updated.default_language !== current.default_language)
      await checkTermsCoverStore(trx, props.merchantId)
    const value: StoreDetail = presentStoreDetail(updated)
    return {
      value,
      subjectType: 'store',
      subjectId: current.id,
      before: fieldsOf(current),
      after: fieldsOf(updated),
    }
  },
)

/**
 * Changes a store's details and branding from the version the merchant saw (any subset of the
 * fields, and the logo), when the principal runs that store (a store manager: theirs; others:
 * NOT_FOUND). A new logo is stored under its hash in the same transaction: a refused save
 * stores nothing. The storefront and the emails read the store row, so they show the change
 * from the next page or email on. Audited with the changed fields before and after.
 */
export const updateStore = (
  db: Knex,
  props: {
    principal: Principal
    storeId: string
    patch: StorePatchBody
    logo?: LogoChange | undefined
  },
): Promise<StoreDetail> => {
  authorize(props.principal, 'store.update')
  return changeStore(db, {
    ...props,
    actor: recordedActor(props.principal),
    merchantId: merchantScope(props.principal).merchantId,
  })
}
