import { readFileSync, readdirSync, statSync } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import path from 'node:path'
import Koa from 'koa'
import { describe, expect, it } from 'vitest'
import { ERROR_CODES } from '../../shared/errors.ts'
import { LANGUAGES } from '../../shared/languages.ts'
import { LOCALES_DIR, getI18n, languageFromAccepted, loadResources } from './i18n.ts'
import { errorMessage } from './error-message.ts'
import { renderErrorPage } from '../http/views/error-page.tsx'
import { translator } from './i18n.ts'

type Tree = { [key: string]: string | Tree }

const flatten = (tree: Tree, prefix = ''): string[] =>
  Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'string' ? [`${prefix}${key}`] : flatten(value, `${prefix}${key}.`),
  )

const resources = loadResources() as Record<string, Record<string, Tree>>

const sourceFiles = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name)
    if (statSync(full).isDirectory()) return name === 'node_modules' ? [] : sourceFiles(full)
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [full] : []
  })

describe('locales', () => {
  it('has every key in en, fr, de and lb', () => {
    const folders = readdirSync(LOCALES_DIR).filter((f) =>
      statSync(path.join(LOCALES_DIR, f)).isDirectory(),
    )
    expect(folders.sort()).toEqual([...LANGUAGES].sort())
    const namespaces = Object.keys(resources.en!)
    for (const lng of LANGUAGES) {
      expect(Object.keys(resources[lng]!).sort(), lng).toEqual([...namespaces].sort())
      for (const ns of namespaces) {
        expect(flatten(resources[lng]![ns]!).sort(), `${lng}/${ns}`).toEqual(
          flatten(resources.en![ns]!).sort(),
        )
      }
    }
  })

  it('has a message for every error code in every language, using the same variables', () => {
    for (const lng of LANGUAGES) {
      for (const code of ERROR_CODES) {
        const message = resources[lng]!.errors![code]
        expect(typeof message, `${lng} ${code}`).toBe('string')
        const vars = (s: string) => [...s.matchAll(/\{\{(\w+)/g)].map((m) => m[1]).sort()
        expect(vars(message as string), `${lng} ${code}`).toEqual(
          vars(resources.en!.errors![code] as string),
        )
      }
    }
  })

  it('has every key the code asks for', () => {
    const root = path.resolve(LOCALES_DIR, '..')
    const used = new Set<string>()
    for (const file of sourceFiles(path.join(root, 'backend'))) {
      for (const match of readFileSync(file, 'utf8').matchAll(
        /\bt\(\s*'((?:[a-z_]+:)?[a-z_]+(?:\.[a-z_]+)*)'/g,
      )) {
        used.add(match[1]!)
      }
    }
    expect(used.size).toBeGreaterThan(3)
    const keysOf = (ns: string) => flatten(resources.en![ns] ?? {})
    const everywhere = Object.keys(resources.en!).flatMap(keysOf)
    for (const key of used) {
      const [ns, name] = key.includes(':') ? key.split(':') : [null, key]
      // Without a namespace the key is in the page's own namespace (or common); a plural
      // (asked with a count) is there as its `_other` form.
      const keys = ns ? keysOf(ns) : everywhere
      expect(keys.includes(name!) ? name : `${name}_other`, key).toBeOneOf(keys)
    }
  })

  it('keeps native orthography (accents and umlauts are not lost)', () => {
    const all = (lng: string) => JSON.stringify(resources[lng])
    expect(all('fr')).toMatch(/[éèàç]/)
    expect(all('de')).toMatch(/[äöüß]/)
    expect(all('lb')).toMatch(/[ëéä]/)
  })
})

describe('localized errors', () => {
  it('renders the error page in each language with the right lang and no raw keys', () => {
    for (const language of LANGUAGES) {
      const html = renderErrorPage({
        language,
        status: 404,
        message: errorMessage('NOT_FOUND', {}, language),
        requestId: 'req-123',
        t: translator(language, 'common'),
      })
      expect(html).toContain(`<html lang="${language}">`)
      expect(html).not.toMatch(/error_page\.|NOT_FOUND|\{\{/)
      expect(html).toContain('req-123')
    }
  })

  it('fills cooldown messages with minutes and a local retry time', () => {
    const message = errorMessage(
      'POINTS_COOLDOWN',
      { cooldown_minutes: 5, retry_at: '2026-11-20T13:32:00Z' },
      'de',
    )
    expect(message).toContain('5')
    expect(message).toContain('14:32')
    expect(getI18n().languages).toBeDefined()
  })

  it('picks the best supported language from Accept-Language', () => {
    // What Koa makes of the header (ctx.acceptsLanguages()), as the pages and the API read it.
    const app = new Koa()
    const fromHeader = (header: string | undefined, fallback?: 'fr') => {
      const req = { headers: header === undefined ? {} : { 'accept-language': header } }
      const ctx = app.createContext(req as IncomingMessage, {} as ServerResponse)
      return languageFromAccepted(ctx.acceptsLanguages(), fallback)
    }
    expect(fromHeader('de-LU,de;q=0.9,en;q=0.8')).toBe('de')
    expect(fromHeader('pt-PT,lb;q=0.5')).toBe('lb')
    expect(fromHeader('es', 'fr')).toBe('fr')
    expect(fromHeader(undefined)).toBe('en')
    expect(fromHeader('', 'fr')).toBe('fr')
    expect(fromHeader('*', 'fr')).toBe('fr')
    // The q-value decides, not the order; q=0 refuses a language; tags are case-insensitive.
    expect(fromHeader('en;q=0.4, FR-be;q=0.8, de;q=0.6')).toBe('fr')
    expect(fromHeader('de;q=0, en-GB;q=0.1')).toBe('en')
    expect(fromHeader('LB')).toBe('lb')
  })
})
