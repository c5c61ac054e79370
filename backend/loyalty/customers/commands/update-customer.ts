import type { Knex } from 'knex'
import type { Actor } from '../../../auth/actor.ts'
import { audited } from '../../../audit/audited.ts'
import { editConflict } from '../../../db/versioned-update.ts'
import { AppError } from '../../../errors.ts'
import { actingOn } from '../../../policies/scope.ts'
import { authorizeOnMember } from '../../../policies/customers.ts'
import type { Principal } from '../../../policies/principal.ts'
import type { CustomerPatchBody } from '../../../../shared/schemas/customer-api.ts'
import { findMember } from '../customer-queries.ts'

const CONTACT = [
  'name',
  'email',
  'phone',
  'birthday',
  'preferred_language',
  'marketing_consent',
] as const

type ContactRow = {
  id: string
  version: number
  anonymized_at: Date | null
  name: string | null
  email: string | null
  phone: string | null
  birthday: string | null
  preferred_language: string | null
  marketing_consent: boolean
}

const contactOf = (row: ContactRow) => Object.fromEntries(CONTACT.map((f) => [f, row[f]]))

/**
 * Changes a member's contact details from the version the merchant saw (EDIT_CONFLICT when
 * someone saved meanwhile). The email stays unique per merchant: another member's address is
 * VALIDATION_FAILED on `email` (`taken`). A change of consent records when it was given.
 * An anonymized member has nothing left to edit (CUSTOMER_NOT_FOUND).
 */
export const updateCustomer = (
  db: Knex,
  props: { principal: Principal; customerId: string; patch: CustomerPatchBody },
) => change(db, { ...props, ...actingOn(props.principal) })

const change = audited(
  'customer.update',
  async (
    trx: Knex.Transaction,
    props: {
      principal: Principal
      customerId: string
      patch: CustomerPatchBody
      merchantId: string
      actor: Actor
    },
  ) => {
    const member = await findMember(trx, props.merchantId, { customerId: props.customerId })
    authorizeOnMember(props.principal, 'customer.update', member)
    const current = await trx('customers')
      .where({ id: props.customerId, merchant_id: props.merchantId })
      .forUpdate()
      .first<ContactRow | undefined>(['id', 'version', 'anonymized_at', ...CONTACT])
    if (!current || current.anonymized_at) throw new AppError('CUSTOMER_NOT_FOUND')
    const { version, ...patch } = props.patch
    if (current.version !== version)
      throw editConflict({ subject: 'customer', id: current.id, version }, current.version)
    if (patch.email) {
      const taken = await trx('customers')
        .where('merchant_id', props.merchantId)
        .whereRaw('lower(email) = lower(?)', [patch.email])
        .whereNot('id', current.id)
        .first('id')
      if (taken)
        throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'email', code: 'taken' }] })
    }
    const consentChanged =
      patch.marketing_consent !== undefined && patch.marketing_consent !== current.marketing_consent
    const [updated] = (await trx('customers')
      .where('id', current.id)
      .update({
        ...patch,
        ...(consentChanged
          ? { marketing_consent_at: patch.marketing_consent ? trx.fn.now() : null }
          : {}),
        version: trx.raw('version + 1'),
        updated_at: trx.fn.now(),
      })
      .returning(['id', 'version', 'anonymized_at', ...CONTACT])) as ContactRow[]
    return {
      value: { id: updated!.id, version: updated!.version },
      subjectType: 'customer',
      subjectId: current.id,
      before: contactOf(current),
      after: contactOf(updated!),
    }
  },
)
