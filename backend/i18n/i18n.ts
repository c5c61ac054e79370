import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import i18next, { type i18n, type TFunction } from 'i18next'
import { DEFAULT_LANGUAGE, LANGUAGES, isLanguage, type Language } from '../../shared/languages.ts'
import type { Namespace } from './resources.ts'

export const LOCALES_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../locales',
)

/** Every namespace file of every language, read once from locales/<lng>/<ns>.json. */
export const loadResources = (dir = LOCALES_DIR) =>
  Object.fromEntries(
    LANGUAGES.map((lng) => [
      lng,
      Object.fromEntries(
        readdirSync(path.join(dir, lng))
          .filter((f) => f.endsWith('.json'))
          .map((f) => [
            f.replace(/\.json$/, ''),
            JSON.parse(readFileSync(path.join(dir, lng, f), 'utf8')),
          ]),
      ),
    ]),
  )

/** The namespaces: one file each under locales/en (the same in every language, tested). */
export const NAMESPACES = readdirSync(path.join(LOCALES_DIR, 'en'))
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.replace(/\.json$/, ''))

let instance: i18n | undefined

/** The backend's i18next instance (shared by pages, API messages and, later, emails). */
export const getI18n = (): i18n => {
  if (instance) return instance
  const created = i18next.createInstance()
  void created.init({
    initAsync: false,
    resources: loadResources(),
    supportedLngs: [...LANGUAGES],
    fallbackLng: DEFAULT_LANGUAGE,
    ns: NAMESPACES,
    defaultNS: 'common',
    interpolation: { escapeValue: false },
    returnNull: false,
    showSupportNotice: false,
  })
  instance = created
  return created
}

/**
 * A `t()` of one namespace: its own keys bare, every namespace's as `ns:key` — only keys that
 * locales/en has (resources.ts), so an unknown key fails the type check.
 */
export type Translate<Ns extends Namespace = 'common'> = TFunction<readonly [Ns, ...Namespace[]]>

export const translator = <Ns extends Namespace>(language: Language, ns: Ns): Translate<Ns> =>
  getI18n().getFixedT(language, ns)

/**
 * The first supported language among the client's, best first — Koa's `ctx.acceptsLanguages()`
 * ranks Accept-Language by q-value, then order, and drops q=0 — matched on the primary subtag
 * (de-LU → de); else `fallback`.
 */
export const languageFromAccepted = (
  accepted: readonly string[],
  fallback: Language = DEFAULT_LANGUAGE,
): Language => accepted.map((tag) => tag.toLowerCase().split('-')[0]).find(isLanguage) ?? fallback
