import type { Knex } from 'knex'
import { missingTermsLanguages } from '../../../shared/programme-terms.ts'
import type { ProgrammeDetail } from '../../../shared/schemas/programme-api.ts'
import type { Actor } from '../../auth/actor.ts'
import { audited } from '../../audit/audited.ts'
import { versionedUpdate } from '../../db/versioned-update.ts'
import { AppError } from '../../errors.ts'
import type { ProgrammeRow } from '../models.ts'
import { presentProgrammeDetail } from '../programme-presenters.ts'
import { findMerchantProgramme, programmeExtrasOf } from '../programme-queries.ts'

type StatusProps = { actor: Actor; merchantId: string; version: number }

const setStatus = async (
  trx: Knex.Transaction,
  props: StatusProps,
  status: 'active' | 'paused',
) => {
  const current = await findMerchantProgramme(trx, props.merchantId, { forUpdate: true })
  // Read once: the store languages decide an activation, and all of it is in the answer.
  const extras = await programmeExtrasOf(trx, current)
  if (status === 'active') {
    const missing = missingTermsLanguages(current, extras.storeLanguages)
    if (missing.length > 0) throw new AppError('PROGRAMME_TERMS_REQUIRED', { languages: missing })
  } else if (current.status !== 'active') {
    // Only a running programme can be paused; a draft stays a draft until it is activated.
    throw new AppError('CONFLICT')
  }
  const updated = await versionedUpdate<ProgrammeRow>(trx, {
    subject: 'programme',
    merchantId: props.merchantId,
    id: current.id,
    version: props.version,
    changes: { status },
  })
  const value: ProgrammeDetail = presentProgrammeDetail(updated, extras)
  return {
    value,
    subjectType: 'programme',
    subjectId: current.id,
    before: { status: current.status },
    after: { status: updated.status },
  }
}

/**
 * Makes the programme live (from draft or paused): refused with PROGRAMME_TERMS_REQUIRED while
 * a store's default language has no terms and there is no terms URL. Kiosks learn it at their
 * next sync (they pull active and paused programmes whole).
 */
export const activateProgramme = audited('programme.activate', (trx, props: StatusProps) =>
  setStatus(trx, props, 'active'),
)

/** Pauses an active programme: members keep their balance, no earning until it is active again. */
export const pauseProgramme = audited('programme.pause', (trx, props: StatusProps) =>
  setStatus(trx, props, 'paused'),
)
