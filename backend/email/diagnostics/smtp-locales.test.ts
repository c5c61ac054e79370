import { describe, expect, it } from 'vitest'
import { LANGUAGES } from '../../../shared/languages.ts'
import { loadResources } from '../../i18n/i18n.ts'
import { HINT_NAMES, STEP_IDS, VERDICTS } from './diagnostic-step.ts'

type Messages = {
  hint: Record<string, string>
  step: Record<string, string>
  verdict: Record<string, string>
}

const resources = loadResources() as Record<string, Record<string, unknown>>
const smtp = (language: string) => resources[language]!.smtp as Messages

const variables = (message: string) => [...message.matchAll(/\{\{(\w+)/g)].map((m) => m[1]).sort()

describe('locales/*/smtp.json', () => {
  it('has a message for every hint, step and verdict in every language, and no others', () => {
    for (const language of LANGUAGES) {
      const messages = smtp(language)
      expect(Object.keys(messages.hint).sort(), language).toEqual([...HINT_NAMES].sort())
      expect(Object.keys(messages.step).sort(), language).toEqual([...STEP_IDS].sort())
      expect(Object.keys(messages.verdict).sort(), language).toEqual([...VERDICTS].sort())
    }
  })

  it('uses the same variables in every language', () => {
    const english = smtp('en').hint
    for (const language of LANGUAGES) {
      for (const name of HINT_NAMES) {
        const message = smtp(language).hint[name] ?? ''
        expect(message.length, `${language} ${name}`).toBeGreaterThan(10)
        expect(variables(message), `${language} ${name}`).toEqual(variables(english[name] ?? ''))
      }
    }
  })
})
