import type { Language, LocalizedText } from './languages.ts'

/**
 * The languages in which a programme still lacks terms, given the languages its customers are
 * served in (the default languages of the merchant's stores). A terms URL covers every
 * language. Empty: the programme may be active. The merchant page shows this before saving, and
 * the commands refuse PROGRAMME_TERMS_REQUIRED with the same answer.
 */
export const missingTermsLanguages = (
  programme: { terms: LocalizedText; terms_url: string | null },
  languages: readonly Language[],
): Language[] => {
  if (programme.terms_url?.trim()) return []
  const required = languages.length > 0 ? languages : (['en'] as const)
  return [...new Set(required)].filter((language) => !programme.terms[language]?.trim())
}
