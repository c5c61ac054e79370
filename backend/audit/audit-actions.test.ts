import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { LANGUAGES } from '../../shared/languages.ts'
import { AUDIT_ACTIONS, type AuditAction } from './audit-actions.ts'

// The audit log's actions, one list (recordAudit and audited take only its entries): each has
// its words on the Activity page in every language, each is still written somewhere, and no
// code writes audit rows around recordAudit (where the list is not asked).

const BACKEND = join(import.meta.dirname, '..')

const sourceFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return entry.name === 'test' ? [] : sourceFiles(path)
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : []
  })

const sources = sourceFiles(BACKEND).map((path) => ({
  path: relative(BACKEND, path),
  text: readFileSync(path, 'utf8'),
}))

const actions = Object.keys(AUDIT_ACTIONS) as AuditAction[]

describe('audit actions', () => {
  it('have words on the Activity page in every language', () => {
    for (const language of LANGUAGES) {
      // The files themselves: i18next would answer a missing key in English.
      const file = join(BACKEND, '..', 'locales', language, 'merchant.json')
      const words: Record<string, unknown> = JSON.parse(readFileSync(file, 'utf8')).activity.actions
      const missing = actions.filter((action) => {
        const text = words[AUDIT_ACTIONS[action]]
        return typeof text !== 'string' || text.trim() === ''
      })
      expect({ language, missing }).toEqual({ language, missing: [] })
      // Two actions with the same words could not be told apart in the filter.
      const texts = actions.map((action) => words[AUDIT_ACTIONS[action]])
      expect(new Set(texts).size).toBe(texts.length)
    }
  })

  it('are each written by some command (no listed action left behind)', () => {
    const code = sources
      .filter((file) => file.path !== join('audit', 'audit-actions.ts'))
      .map((file) => file.text)
      .join('\n')
    const unwritten = actions.filter((action) => !code.includes(`'${action}'`))
    expect(unwritten).toEqual([])
  })

  it('are written only through recordAudit, which takes only listed actions', () => {
    const around = sources
      .filter((file) => file.path !== join('audit', 'record-audit.ts'))
      .filter((file) => /['"`]audit_log['"`]\)\s*\.(insert|update)/.test(file.text))
      .map((file) => file.path)
    expect(around).toEqual([])
    // Action literals handed to the two writers, as a second look besides the type.
    const written = sources.flatMap((file) => [
      ...[...file.text.matchAll(/audited\(\s*'([^']+)'/g)].map((m) => m[1]!),
      ...[...file.text.matchAll(/recordAudit\([^)]*?action:\s*'([^']+)'/gs)].map((m) => m[1]!),
    ])
    expect(written.length).toBeGreaterThan(20)
    expect(written.filter((action) => !Object.hasOwn(AUDIT_ACTIONS, action))).toEqual([])
  })
})
