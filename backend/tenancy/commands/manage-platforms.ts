import type { Knex } from 'knex'
import type { PlatformEdit, PlatformFields } from '../../../shared/schemas/admin-forms.ts'
import type { Actor } from '../../auth/actor.ts'
import { audited } from '../../audit/audited.ts'
import { editConflict } from '../../db/versioned-update.ts'
import { AppError } from '../../errors.ts'
import type { PlatformRow } from '../models.ts'
import { asTakenField } from '../unique-violation.ts'

type Props<B> = { actor: Actor; merchantId: null; body: B }

const fieldsOf = (row: PlatformRow) => ({
  name: row.name,
  base_domain: row.base_domain,
  default_language: row.default_language,
  support_email: row.support_email,
  sender_name: row.sender_name,
})

/**
 * Creates a platform (its code is its base domain, which no other platform may have: `taken`).
 * Audited `platform.create`.
 */
export const createPlatform = audited(
  'platform.create',
  async (trx: Knex.Transaction, props: Props<PlatformFields>) => {
    const [row] = (await trx('platforms')
      .insert({ ...props.body, code: props.body.base_domain })
      .returning('*')
      .catch((error: unknown) =>
        asTakenField(error, { platforms_code_unique: 'base_domain' }),
      )) as PlatformRow[]
    return {
      value: row!,
      subjectType: 'platform',
      subjectId: row!.id,
      before: null,
      after: fieldsOf(row!),
    }
  },
)

/** Changes a platform from the version the admin saw (stale: EDIT_CONFLICT). Audited. */
export const updatePlatform = audited(
  'platform.update',
  async (trx: Knex.Transaction, props: Props<PlatformEdit> & { platformId: string }) => {
    const { version, ...fields } = props.body
    const current: PlatformRow | undefined = await trx('platforms')
      .where('id', props.platformId)
      .forUpdate()
      .first()
    if (!current) throw new AppError('NOT_FOUND')
    if (current.version !== version)
      throw editConflict({ subject: 'platform', id: current.id, version }, current.version)
    const [row] = (await trx('platforms')
      .where('id', current.id)
      .update({ ...fields, version: trx.raw('version + 1'), updated_at: trx.fn.now() })
      .returning('*')) as PlatformRow[]
    return {
      value: row!,
      subjectType: 'platform',
      subjectId: current.id,
      before: fieldsOf(current),
      after: fieldsOf(row!),
    }
  },
)
