import { INTL_LOCALE, type Language } from './languages.ts'

/**
 * The variables an error message may use: its details, plus, for a `retry_at` detail, the local
 * clock time (`retry_time`, 14:32) and the whole minutes left from `now` (`minutes_left`, at least
 * 1) — what a cashier or customer reads instead of a timestamp.
 */
export const errorVariables = (
  details: Record<string, unknown>,
  language: Language,
  timeZone: string,
  now: Date = new Date(),
): Record<string, unknown> => {
  const variables: Record<string, unknown> = { ...details }
  if (typeof details.retry_at === 'string') {
    const retryAt = new Date(details.retry_at)
    variables.retry_time = new Intl.DateTimeFormat(INTL_LOCALE[language], {
      hour: '2-digit',
      minute: '2-digit',
      timeZone,
    }).format(retryAt)
    variables.minutes_left = Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / 60_000))
  }
  return variables
}
