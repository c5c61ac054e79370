import type { Knex } from 'knex'
import type { CategoryCreateBody, CategoryDetail } from '../../../shared/schemas/category-api.ts'
import type { Actor } from '../../auth/actor.ts'
import { audited } from '../../audit/audited.ts'
import { AppError, isUniqueViolation } from '../../errors.ts'
import { authorize } from '../../policies/policies.ts'
import type { Principal } from '../../policies/principal.ts'
import { categoryAuditFields } from '../category-presenters.ts'
import { findCategory } from '../category-queries.ts'

const fieldError = (path: string, code: string) =>
  new AppError('VALIDATION_FAILED', { fields: [{ path, code }] })

/**
 * A new transaction category, merchant-wide (no store) or for one of the merchant's stores,
 * last in its list unless a position is given. A code already used in the same place is a
 * field error (`code`: taken). Kiosks get it at their next sync (categories are sent whole).
 */
export const createCategory = audited(
  'category.create',
  async (
    trx: Knex.Transaction,
    props: { actor: Actor; merchantId: string; principal: Principal; category: CategoryCreateBody },
  ) => {
    const { category, merchantId } = props
    const storeId = category.store_id ?? null
    if (storeId) {
      const store = await trx('stores').where({ id: storeId, merchant_id: merchantId }).first('id')
      if (!store) throw fieldError('store_id', 'invalid')
    }
    authorize(props.principal, 'category.create', { merchantId, storeId })
    const samePlace = (query: Knex.QueryBuilder) =>
      query
        .where('merchant_id', merchantId)
        .whereRaw('store_id IS NOT DISTINCT FROM ?::uuid', [storeId])
    const last = await trx('transaction_categories')
      .modify(samePlace)
      .max<{ max: number | null }>('position as max')
      .first()
    // The code is unique in its place (the merchant, or one store) by a constraint: a code
    // taken — even by a save racing this one — is the field's error, not a bare conflict.
    const [row] = (await trx('transaction_categories')
      .insert({
        merchant_id: merchantId,
        store_id: storeId,
        code: category.code,
        name: JSON.stringify(category.name),
        active: category.active ?? true,
        position: category.position ?? (last?.max ?? 0) + 1,
      })
      .returning('id')
      .catch((error: unknown) => {
        if (isUniqueViolation(error, 'transaction_categories_code_unique'))
          throw fieldError('code', 'taken')
        throw error
      })) as { id: string }[]
    const value: CategoryDetail = await findCategory(trx, merchantId, row!.id)
    return {
      value,
      subjectType: 'category',
      subjectId: value.id,
      before: null,
      after: categoryAuditFields(value),
    }
  },
)
