import { INTL_LOCALE, localize, type Language, type LocalizedText } from '../../shared/languages.ts'

/** The time zone for dates before the kiosk knows its store's (unpaired, or an old status). */
export const FALLBACK_TIME_ZONE = 'Europe/Luxembourg'

export const formatNumber = (value: number, language: Language) =>
  new Intl.NumberFormat(INTL_LOCALE[language]).format(value)

export const formatMoney = (cents: number, currency: string, language: Language) =>
  new Intl.NumberFormat(INTL_LOCALE[language], { style: 'currency', currency }).format(cents / 100)

export const formatDateTime = (iso: string, language: Language, timeZone: string) =>
  new Intl.DateTimeFormat(INTL_LOCALE[language], {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone,
  }).format(new Date(iso))

export const formatTime = (iso: string, language: Language, timeZone: string) =>
  new Intl.DateTimeFormat(INTL_LOCALE[language], {
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
  }).format(new Date(iso))

export const nameIn = (text: Record<string, string>, language: Language) =>
  localize(text as LocalizedText, language)
