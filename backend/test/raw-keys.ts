import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'

// Every translation key of every namespace (from the English files: the locales test keeps the
// other languages to the same keys), as a page would show it when a translation is missing:
// `nav.settings`, or `common:language.fr`. One list for every page test, so a test cannot miss a
// raw key because it forgot to name that key's namespace.

const LOCALES = path.resolve(import.meta.dirname, '../../locales/en')

const leafPaths = (value: unknown, prefix: string): string[] =>
  value !== null && typeof value === 'object'
    ? Object.entries(value).flatMap(([key, inner]) =>
        leafPaths(inner, prefix ? `${prefix}.${key}` : key),
      )
    : [prefix.replace(/_(one|other|zero|two|few|many)$/, '')]

const KEYS = [
  ...new Set(
    readdirSync(LOCALES)
      .filter((file) => file.endsWith('.json'))
      .flatMap((file) => {
        const namespace = file.replace(/\.json$/, '')
        const keys = leafPaths(JSON.parse(readFileSync(path.join(LOCALES, file), 'utf8')), '')
        return keys.flatMap((key) => [key, `${namespace}:${key}`])
      })
      // A one-word key (`yes`) is a plain word in any text: only dotted paths are told apart.
      .filter((key) => key.includes('.')),
  ),
]

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
const RAW_KEY = new RegExp(
  `(?<![\\w@./:-])(?:${KEYS.sort((a, b) => b.length - a.length)
    .map(escape)
    .join('|')})(?![\\w.-])`,
  'g',
)

/** The translation keys (and unfilled `{{…}}` placeholders) a page's HTML shows raw. */
export const rawKeysIn = (html: string): string[] => [
  ...new Set([...(html.match(RAW_KEY) ?? []), ...(html.match(/\{\{[^}]*\}\}/g) ?? [])]),
]
