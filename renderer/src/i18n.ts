import i18next from 'i18next'
import { initReactI18next } from 'react-i18next'
import { LANGUAGES, type Language } from '../../shared/languages.ts'
import enKiosk from '../../locales/en/kiosk.json'
import frKiosk from '../../locales/fr/kiosk.json'
import deKiosk from '../../locales/de/kiosk.json'
import lbKiosk from '../../locales/lb/kiosk.json'
import enErrors from '../../locales/en/errors.json'
import frErrors from '../../locales/fr/errors.json'
import deErrors from '../../locales/de/errors.json'
import lbErrors from '../../locales/lb/errors.json'

/** The cashier UI's texts and the shared error messages, in the four languages, bundled. */
const KIOSK_RESOURCES = {
  en: { kiosk: enKiosk, errors: enErrors },
  fr: { kiosk: frKiosk, errors: frErrors },
  de: { kiosk: deKiosk, errors: deErrors },
  lb: { kiosk: lbKiosk, errors: lbErrors },
} as const

/** For `useTranslation`: kiosk keys bare, error messages as `errors:CODE`. */
export const KIOSK_AND_ERRORS = ['kiosk', 'errors'] as const

export const initI18n = (language: Language) =>
  i18next.use(initReactI18next).init({
    resources: KIOSK_RESOURCES,
    lng: language,
    fallbackLng: 'en',
    supportedLngs: [...LANGUAGES],
    ns: ['kiosk', 'errors'],
    defaultNS: 'kiosk',
    interpolation: { escapeValue: false },
    returnNull: false,
  })

export const setLanguage = (language: Language) => {
  document.documentElement.lang = language
  return i18next.changeLanguage(language)
}
