import type { Knex } from 'knex'
import type { CategoryDetail, CategoryPatchBody } from '../../../shared/schemas/category-api.ts'
import type { Actor } from '../../auth/actor.ts'
import { audited } from '../../audit/audited.ts'
import { versionedUpdate } from '../../db/versioned-update.ts'
import { authorize } from '../../policies/policies.ts'
import type { Principal } from '../../policies/principal.ts'
import { categoryAuditFields } from '../category-presenters.ts'
import { findCategory } from '../category-queries.ts'

/**
 * Changes a category from the version the merchant saw (names, active, position). There is no
 * delete: ledger entries name their category, so one leaves the kiosks by being deactivated
 * (and comes back by being activated). A manager limited to some stores reaches only the
 * categories of those stores (else NOT_FOUND).
 */
export const updateCategory = audited(
  'category.update',
  async (
    trx: Knex.Transaction,
    props: {
      actor: Actor
      merchantId: string
      principal: Principal
      categoryId: string
      patch: CategoryPatchBody
    },
  ) => {
    const { version, ...patch } = props.patch
    const current = await findCategory(trx, props.merchantId, props.categoryId)
    authorize(props.principal, 'category.update', {
      merchantId: props.merchantId,
      storeId: current.store_id,
    })
    await versionedUpdate(trx, {
      subject: 'category',
      merchantId: props.merchantId,
      id: current.id,
      version,
      changes: { ...patch, ...(patch.name ? { name: JSON.stringify(patch.name) } : {}) },
    })
    const value: CategoryDetail = await findCategory(trx, props.merchantId, current.id)
    return {
      value,
      subjectType: 'category',
      subjectId: current.id,
      before: categoryAuditFields(current),
      after: categoryAuditFields(value),
    }
  },
)
