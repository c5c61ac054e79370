import { describe, expect, it } from 'vitest'
import { checkTemplate, EmailTemplateError, renderTemplate } from './template-engine.ts'

const declared = ['name', 'url', 'bonus', 'stamps']
const html = (source: string, values: Record<string, string | number | boolean>) =>
  renderTemplate(source, values, { declared, mode: 'html' })
const text = (source: string, values: Record<string, string | number | boolean>) =>
  renderTemplate(source, values, { declared, mode: 'text' })

describe('the email template engine', () => {
  it('escapes every value in HTML and writes it as it is in text', () => {
    const values = { name: 'Zoé <b>&</b> "Jo\'s"' }
    expect(html('<p>Hi {{name}}</p>', values)).toBe(
      '<p>Hi Zoé &lt;b&gt;&amp;&lt;/b&gt; &quot;Jo&#39;s&quot;</p>',
    )
    expect(text('Hi {{ name }}', values)).toBe('Hi Zoé <b>&</b> "Jo\'s"')
  })

  it('shows an #if block when the value is truthy, and its else part otherwise', () => {
    const source = '{{#if bonus}}+{{bonus}} {{#if stamps}}stamps{{else}}points{{/if}}{{/if}}.'
    expect(text(source, { bonus: 50, stamps: false })).toBe('+50 points.')
    expect(text(source, { bonus: 3, stamps: true })).toBe('+3 stamps.')
    expect(text(source, { bonus: 0, stamps: true })).toBe('.')
    expect(text('{{#if name}}Hello {{name}}{{else}}Hello{{/if}},', { name: '' })).toBe('Hello,')
  })

  it('refuses a template that uses a variable its code does not declare', () => {
    expect(checkTemplate('Hi {{nmae}} {{#if secret}}x{{/if}}', declared)).toEqual([
      { kind: 'unknown_variable', name: 'nmae', offset: 3 },
      { kind: 'unknown_variable', name: 'secret', offset: 12 },
    ])
    expect(() => html('Hi {{nmae}}', { name: 'x' })).toThrow(EmailTemplateError)
  })

  it('refuses anything that is not a variable or an #if: no code, no raw output, no paths', () => {
    for (const source of [
      '{{{name}}}',
      '{{name.constructor}}',
      '{{constructor.constructor("return process")()}}',
      '{{> partial}}',
      '{{#each items}}{{/each}}',
      '{{#if name}}unclosed',
      '{{/if}}',
      '{{else}}',
      'Hi {{name',
      '{{ Name }}',
    ]) {
      expect(checkTemplate(source, declared).length, source).toBeGreaterThan(0)
      expect(() => html(source, { name: 'x' }), source).toThrow(EmailTemplateError)
    }
  })

  it('never reads a value through the prototype chain', () => {
    const values = Object.create({ name: 'inherited' }) as Record<string, string>
    expect(() => text('{{name}}', values)).toThrow(/no value for \{\{name\}\}/)
  })

  it('keeps everything outside the tags byte for byte, accents included', () => {
    const source = 'Ëmmer méi Punkten für {{name}} — çà et là, Grüße 👋\n'
    expect(text(source, { name: 'Lëtzebuerg' })).toBe(
      'Ëmmer méi Punkten für Lëtzebuerg — çà et là, Grüße 👋\n',
    )
  })
})
