import type { ErrorCode } from '../../shared/errors.ts'
import type { Language } from '../../shared/languages.ts'
import { errorVariables } from '../../shared/error-variables.ts'
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
  return translator(language, 'errors')(code, errorVariables(details, language, timeZone))
}
