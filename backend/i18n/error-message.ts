import type { ErrorCode } from '../../shared/errors.ts'
import { INTL_LOCALE, type Language } from '../../shared/languages.ts'
import { translator } from './i18n.ts'

export const DEFAULT_TIME_ZONE = 'Europe/Luxembourg'

/**
 * The message for an error code in `language`, with its details as variables; a `retry_at`
 * detail is also offered as `retry_time`, a local clock time (14:32) for people.
 */
export const errorMessage = (
  code: ErrorCode,
  details: Record<string, unknown>,
  language: Language,
  timeZone = DEFAULT_TIME_ZONE,
): string => {
  const variables: Record<string, unknown> = { ...details }
  if (typeof details.retry_at === 'string') {
    variables.retry_time = new Intl.DateTimeFormat(INTL_LOCALE[language], {
      hour: '2-digit',
      minute: '2-digit',
      timeZone,
    }).format(new Date(details.retry_at))
  }
  return translator(language, 'errors')(code, variables)
}
