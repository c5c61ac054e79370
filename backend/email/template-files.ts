import { readFileSync } from 'node:fs'
import path from 'node:path'
import { LANGUAGES, type Language } from '../../shared/languages.ts'
import type { EmailTemplate } from './queue-email.ts'
import { EMAIL_TEMPLATES } from './template-variables.ts'

// The templates as the repository ships them (backend/email/templates/README.md): per code and
// language a body fragment (`<lang>.html`) and a plain text (`<lang>.txt`, first line the
// subject), put into the shared layout here, so each database row is a whole, self-contained
// email an admin can edit.

export const TEMPLATES_DIR = path.resolve(import.meta.dirname, 'templates')

export type TemplateParts = { subject: string; html: string; text: string }

const read = (...parts: string[]) => readFileSync(path.join(TEMPLATES_DIR, ...parts), 'utf8')

type LayoutStrings = Record<Language, { footer: string; visit: string }>

const button = (variable: string, label: string) =>
  [
    '<table role="presentation" cellspacing="0" cellpadding="0" border="0" style="margin:8px 0 24px 0;">',
    '<tr>',
    `<td align="center" bgcolor="{{brand_color}}" style="background-color:{{brand_color}};">`,
    `<a href="{{${variable}}}" target="_blank" style="display:inline-block;padding:12px 24px;font-family:Arial,Helvetica,sans-serif;font-size:16px;font-weight:bold;line-height:20px;color:#ffffff;text-decoration:none;">${label}</a>`,
    '</td>',
    '</tr>',
    '</table>',
  ].join('\n')

/** Inline styles for the few bare tags fragments use (email clients drop <style> blocks). */
const styleFragment = (fragment: string) =>
  fragment
    .replaceAll('<a href=', '<a style="color:{{brand_color}};" href=')
    .replaceAll('<p>', '<p style="margin:0 0 16px 0;">')
    .replaceAll(
      '<h1>',
      '<h1 style="margin:0 0 16px 0;font-family:Arial,Helvetica,sans-serif;font-size:24px;line-height:32px;font-weight:bold;color:#111827;">',
    )
    .replace(
      /\[\[button ([a-z_]+)\]\]([\s\S]*?)\[\[\/button\]\]/g,
      (_match, variable: string, label: string) => button(variable, label),
    )

const fill = (layout: string, slots: Record<string, string>) => {
  const filled = layout.replace(/\[\[([a-z]+)\]\]/g, (match, slot: string) =>
    Object.hasOwn(slots, slot) ? slots[slot]! : match,
  )
  const left = /\[\[[^\]]*\]\]/.exec(filled)
  if (left) throw new Error(`email layout: ${left[0]} was not filled`)
  return filled
}

const splitSubject = (code: string, language: string, file: string) => {
  const match = /^Subject: (.+)\r?\n\r?\n([\s\S]*)$/.exec(file)
  if (!match)
    throw new Error(`${code}/${language}.txt must start with "Subject: …" and a blank line`)
  return { subject: match[1]!.trim(), text: match[2]! }
}

type Layout = { strings: LayoutStrings; html: string; text: string }

const readLayout = (): Layout => ({
  strings: JSON.parse(read('layout.json')) as LayoutStrings,
  html: read('layout.html'),
  text: read('layout.txt'),
})

/** One template as seeded into `email_templates` (`layout`: the shared layout, read once). */
export const templateFromFiles = (
  code: EmailTemplate,
  language: Language,
  layout: Layout = readLayout(),
): TemplateParts => {
  const strings = layout.strings[language]
  const { subject, text } = splitSubject(code, language, read(code, `${language}.txt`))
  return {
    subject,
    html: fill(layout.html, {
      lang: language,
      subject,
      content: styleFragment(read(code, `${language}.html`).trim()),
      footer: strings.footer,
      visit: strings.visit,
    }),
    text: fill(layout.text, {
      content: text.trim(),
      footer: strings.footer,
      visit: strings.visit,
    }),
  }
}

/** Every template of every language, as the repository ships them. */
export const allTemplatesFromFiles = (): {
  code: EmailTemplate
  language: Language
  parts: TemplateParts
}[] => {
  const layout = readLayout()
  return EMAIL_TEMPLATES.flatMap((code) =>
    LANGUAGES.map((language) => ({
      code,
      language,
      parts: templateFromFiles(code, language, layout),
    })),
  )
}
