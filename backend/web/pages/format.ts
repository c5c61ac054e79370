import { INTL_LOCALE, type Language } from '../../../shared/languages.ts'

// Dates, numbers and money in the page language, with Intl (docs/lessons.md #3: never US formats on a
// French page). Formatters are cached per language and options.

const LOCALE = INTL_LOCALE
const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>()

const cached = <F extends Intl.DateTimeFormat | Intl.NumberFormat>(key: string, make: () => F) => {
  const found = cache.get(key) as F | undefined
  if (found) return found
  const made = make()
  cache.set(key, made)
  return made
}

export type Formatters = {
  locale: string
  date: (value: Date | string, timeZone?: string) => string
  dateTime: (value: Date | string, timeZone?: string) => string
  number: (value: number) => string
  money: (cents: number, currency: string) => string
}

export const formatters = (language: Language): Formatters => {
  const locale = LOCALE[language]
  const toDate = (value: Date | string) => (value instanceof Date ? value : new Date(value))
  return {
    locale,
    date: (value, timeZone = 'Europe/Luxembourg') =>
      cached(
        `d:${locale}:${timeZone}`,
        () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone }),
      ).format(toDate(value)),
    dateTime: (value, timeZone = 'Europe/Luxembourg') =>
      cached(
        `dt:${locale}:${timeZone}`,
        () =>
          new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }),
      ).format(toDate(value)),
    number: (value) => cached(`n:${locale}`, () => new Intl.NumberFormat(locale)).format(value),
    money: (cents, currency) =>
      cached(
        `m:${locale}:${currency}`,
        () => new Intl.NumberFormat(locale, { style: 'currency', currency }),
      ).format(cents / 100),
  }
}

/** The order of day, month and year in the language's dates (for the birthday fields). */
export const datePartOrder = (language: Language): ('day' | 'month' | 'year')[] =>
  new Intl.DateTimeFormat(LOCALE[language], { year: 'numeric', month: '2-digit', day: '2-digit' })
    .formatToParts(new Date(Date.UTC(2026, 10, 21)))
    .filter((part) => part.type === 'day' || part.type === 'month' || part.type === 'year')
    .map((part) => part.type as 'day' | 'month' | 'year')

/** Localized month names, January first. */
export const monthNames = (language: Language): string[] => {
  const format = new Intl.DateTimeFormat(LOCALE[language], { month: 'long', timeZone: 'UTC' })
  return Array.from({ length: 12 }, (_, i) => format.format(new Date(Date.UTC(2026, i, 1))))
}
