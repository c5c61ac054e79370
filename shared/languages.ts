export const LANGUAGES = ['en', 'fr', 'de', 'lb'] as const
export type Language = (typeof LANGUAGES)[number]
export const DEFAULT_LANGUAGE: Language = 'en'

/** The Intl locale of each language: dates and numbers as written in Luxembourg (en: British). */
export const INTL_LOCALE: Record<Language, string> = {
  en: 'en-GB',
  fr: 'fr-LU',
  de: 'de-LU',
  lb: 'lb-LU',
}

export const isLanguage = (value: unknown): value is Language =>
  typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value)

/** Merchant-entered text that customers read: one value per language, any may be missing. */
export type LocalizedText = Partial<Record<Language, string>>

/** The text in `language`, else in `fallback`, else in English, else in any language there is. */
export const localize = (
  text: LocalizedText | null | undefined,
  language: Language,
  fallback: Language = DEFAULT_LANGUAGE,
): string => {
  if (!text) return ''
  const pick = (l: Language) => (text[l] ?? '').trim()
  return (
    pick(language) ||
    pick(fallback) ||
    pick(DEFAULT_LANGUAGE) ||
    LANGUAGES.map(pick).find(Boolean) ||
    ''
  )
}
