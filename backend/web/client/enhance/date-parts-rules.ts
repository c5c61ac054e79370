export type DatePart = 'day' | 'month' | 'year'

const LENGTH: Record<DatePart, number> = { day: 2, month: 2, year: 4 }

export const isDatePart = (value: string | undefined): value is DatePart =>
  value === 'day' || value === 'month' || value === 'year'

/**
 * True when what was typed in one part can only be complete, so the focus may move on:
 * two digits of a day or month, four of a year, or one digit no longer value starts with
 * ("4" can only be the 4th, "2" only February).
 */
export const isPartComplete = (part: DatePart, value: string): boolean => {
  if (!/^\d+$/.test(value)) return false
  if (value.length >= LENGTH[part]) return true
  if (part === 'day') return Number(value) > 3
  if (part === 'month') return Number(value) > 1
  return false
}

/**
 * A whole date pasted into one part, split over the parts: in the page's order (which follows
 * the locale, as people type it), or year-month-day when it starts with a four-digit year.
 * Null when the text is not three numbers.
 */
export const splitPastedDate = (
  text: string,
  order: readonly DatePart[],
): Partial<Record<DatePart, string>> | null => {
  const numbers = text.split(/\D+/).filter(Boolean)
  if (numbers.length !== 3 || order.length !== 3) return null
  const [first = '', second = '', third = ''] = numbers
  if (first.length === 4) return { year: first, month: second, day: third }
  return Object.fromEntries(order.map((part, i) => [part, numbers[i] ?? '']))
}
