import type { Knex } from 'knex'
import type { AdminStoreEdit, AdminStoreFields } from '../../../shared/schemas/admin-forms.ts'
import type { Actor } from '../../auth/actor.ts'
import { audited } from '../../audit/audited.ts'
import { versionedUpdate } from '../../db/versioned-update.ts'
import { AppError } from '../../errors.ts'
import type { StoreRow } from '../models.ts'
import { findMerchantStore } from '../queries/merchant-stores.ts'
import { asTakenField, STORE_UNIQUE_FIELDS } from '../unique-violation.ts'

type Props = { actor: Actor; merchantId: string }

/** What the admin sets of a store, as the audit row keeps it. */
const setupOf = (row: StoreRow) => ({
  code: row.code,
  name: row.name,
  subdomain: row.subdomain,
  custom_domain: row.custom_domain,
  timezone: row.timezone,
  default_language: row.default_language,
  currency: row.currency,
  active: row.active,
})

const taken = (error: unknown) => asTakenField(error, STORE_UNIQUE_FIELDS)

/**
 * The platform admin opens a store for a merchant: code, name, subdomain and custom domain
 * (each unique: of two creates at once the unique index lets one in, the other gets `taken` on
 * the field), time zone, language, currency. Audited `store.create`.
 */
export const createStore = audited(
  'store.create',
  async (trx: Knex.Transaction, props: Props & { body: AdminStoreFields }) => {
    const merchant = await trx('merchants').where('id', props.merchantId).first('id')
    if (!merchant) throw new AppError('NOT_FOUND')
    const [row] = (await trx('stores')
      .insert({ ...props.body, merchant_id: props.merchantId })
      .returning('*')
      .catch(taken)) as StoreRow[]
    return {
      value: row!,
      subjectType: 'store',
      subjectId: row!.id,
      before: null,
      after: setupOf(row!),
    }
  },
)

/** Changes a store's codes, addresses and basics from the version the admin saw; audited. */
export const editStoreSetup = audited(
  'store.setup',
  async (trx: Knex.Transaction, props: Props & { storeId: string; body: AdminStoreEdit }) => {
    const { version, ...changes } = props.body
    const current = await findMerchantStore(trx, props.merchantId, props.storeId)
    const row = await versionedUpdate<StoreRow>(trx, {
      subject: 'store',
      merchantId: props.merchantId,
      id: current.id,
      version,
      changes,
    }).catch(taken)
    return {
      value: row,
      subjectType: 'store',
      subjectId: current.id,
      before: setupOf(current),
      after: setupOf(row),
    }
  },
)

const setOpen = (action: 'store.close' | 'store.reopen', active: boolean) =>
  audited(
    action,
    async (trx: Knex.Transaction, props: Props & { storeId: string; version: number }) => {
      const current = await findMerchantStore(trx, props.merchantId, props.storeId)
      const row = await versionedUpdate<StoreRow>(trx, {
        subject: 'store',
        merchantId: props.merchantId,
        id: current.id,
        version: props.version,
        changes: { active },
      })
      return {
        value: row,
        subjectType: 'store',
        subjectId: current.id,
        before: { active: current.active },
        after: { active },
      }
    },
  )

/**
 * Closes a store: its storefront answers STORE_CLOSED, its kiosks are refused with STORE_CLOSED,
 * its history (cards, ledger, audit) stays. Audited `store.close`.
 */
export const closeStore = setOpen('store.close', false)

/** Opens a closed store again (audited `store.reopen`). */
export const reopenStore = setOpen('store.reopen', true)
