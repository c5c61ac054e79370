import { isLanguage } from '../../../shared/languages.ts'
import { isUuid } from '../../../shared/schemas/common.ts'
import type { Config } from '../../config.ts'
import type { Queryable } from '../../db/transaction.ts'
import {
  presentEmailLogDetail,
  type EmailLogDetail,
  type OutboundEmailDetailRow,
} from '../presenters.ts'
import { renderOutboundEmail, type RenderedEmail } from '../render-email.ts'

export type EmailLogDetailPage = {
  email: EmailLogDetail
  /** The message as its current template renders it; null when that fails (see renderError). */
  rendered: RenderedEmail | null
  renderError: string | null
}

/**
 * One email of the log with its delivery state and the message rendered now; null for an
 * unknown id (or a row in a language the templates do not have).
 */
export const loadEmailLogDetail = async (
  db: Queryable,
  config: Pick<Config, 'baseUrl' | 'hostRouting'>,
  id: string,
): Promise<EmailLogDetailPage | null> => {
  const row: OutboundEmailDetailRow | undefined = isUuid(id)
    ? await db('outbound_emails').where('id', id).first()
    : undefined
  if (!row || !isLanguage(row.language)) return null
  let rendered: RenderedEmail | null = null
  let renderError: string | null = null
  try {
    rendered = await renderOutboundEmail(db, config, { ...row, language: row.language })
  } catch (error) {
    renderError = error instanceof Error ? error.message : String(error)
  }
  return { email: presentEmailLogDetail(row), rendered, renderError }
}
