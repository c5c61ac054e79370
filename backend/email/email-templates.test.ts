import { describe, expect, it } from 'vitest'
import { LANGUAGES } from '../../shared/languages.ts'
import { useTestDatabase } from '../test/test-database.ts'
import {
  checkTemplateParts,
  findEmailTemplate,
  saveEmailTemplate,
  seedEmailTemplates,
} from './email-templates.ts'
import { renderTemplateParts } from './render-email.ts'
import { EmailTemplateError } from './template-engine.ts'
import { allTemplatesFromFiles } from './template-files.ts'
import { EMAIL_TEMPLATES, SAMPLE_BRANDING, SAMPLE_VARIABLES } from './template-variables.ts'

const db = useTestDatabase()

describe('email templates', () => {
  it('ships every code in en, fr, de and lb, each valid for its variables', () => {
    const files = allTemplatesFromFiles()
    expect(files).toHaveLength(EMAIL_TEMPLATES.length * LANGUAGES.length)
    expect(EMAIL_TEMPLATES).toEqual([
      'enrollment',
      'welcome_bonus',
      'reward_ready',
      'points_expiring',
      'password_reset',
      'staff_invitation',
      'merchant_alert',
      'webhook_disabled',
    ])
    for (const { code, language, parts } of files) {
      expect(checkTemplateParts(code, parts), `${code}/${language}`).toEqual([])
      expect(parts.html, `${code}/${language}`).toContain(`<html lang="${language}">`)
      expect(parts.html).not.toMatch(/\[\[|<p>|<h1>/)
      expect(parts.subject).not.toMatch(/\n/)
    }
  })

  it('renders every template with sample data in every language, with nothing left unfilled', async () => {
    for (const { code, language, parts } of allTemplatesFromFiles()) {
      const rendered = await renderTemplateParts(
        code,
        parts,
        { ...SAMPLE_VARIABLES[code], ...SAMPLE_BRANDING },
        { qr: 'data-url' },
      )
      for (const part of [rendered.subject, rendered.html, rendered.text])
        expect(part, `${code}/${language}`).not.toMatch(/\{\{|\}\}|\[\[/)
      expect(rendered.html).toContain('FashionHub')
      expect(rendered.text).toContain('FashionHub')
      if (code === 'enrollment') expect(rendered.html).toContain('src="data:image/png;base64,')
    }
  })

  it('seeds them idempotently, with their accents, keeping an admin’s edit unless forced', async () => {
    expect(await seedEmailTemplates(db.knex)).toEqual({
      inserted: EMAIL_TEMPLATES.length * LANGUAGES.length,
      updated: 0,
      kept: 0,
    })
    expect(await seedEmailTemplates(db.knex)).toEqual({ inserted: 0, updated: 0, kept: 0 })
    const fr = await findEmailTemplate(db.knex, 'enrollment', 'fr')
    expect(fr?.subject).toBe('Bienvenue chez {{store_name}} : votre carte de fidélité')
    expect((await findEmailTemplate(db.knex, 'password_reset', 'de'))?.subject).toBe(
      'Passwort für {{store_name}} zurücksetzen',
    )
    expect((await findEmailTemplate(db.knex, 'enrollment', 'lb'))?.text).toContain(
      'Är Fidelitéitskaart vun {{store_name}} ass prett.',
    )

    const edited = { ...fr!, subject: 'Bienvenue, {{customer_name}} !' }
    await saveEmailTemplate(db.knex, {
      code: 'enrollment',
      language: 'fr',
      parts: { subject: edited.subject, html: edited.html, text: edited.text },
      adminId: null,
    })
    // A row nobody edited follows the files again; the admin's edit stays.
    await db
      .knex('email_templates')
      .where({ code: 'reward_ready', language: 'de' })
      .update({ subject: 'stale' })
    expect(await seedEmailTemplates(db.knex)).toEqual({ inserted: 0, updated: 1, kept: 1 })
    expect((await findEmailTemplate(db.knex, 'enrollment', 'fr'))?.subject).toBe(
      'Bienvenue, {{customer_name}} !',
    )
    expect((await findEmailTemplate(db.knex, 'reward_ready', 'de'))?.subject).toBe(
      'Ihre Prämie wartet bei {{store_name}}',
    )

    await db.knex('email_templates').where({ code: 'welcome_bonus', language: 'lb' }).delete()
    expect(await seedEmailTemplates(db.knex, { force: true })).toEqual({
      inserted: 1,
      updated: 1,
      kept: 0,
    })
    expect(await findEmailTemplate(db.knex, 'enrollment', 'fr')).toMatchObject({
      subject: 'Bienvenue chez {{store_name}} : votre carte de fidélité',
      customized: false,
    })
  })

  it('refuses an edit that uses a variable the template does not have', async () => {
    await seedEmailTemplates(db.knex)
    const de = (await findEmailTemplate(db.knex, 'password_reset', 'de'))!
    const save = saveEmailTemplate(db.knex, {
      code: 'password_reset',
      language: 'de',
      parts: { subject: de.subject, html: `${de.html}{{card_number}}`, text: de.text },
      adminId: null,
    })
    await expect(save).rejects.toThrow(EmailTemplateError)
    await expect(save).rejects.toMatchObject({
      problems: [{ kind: 'unknown_variable', name: 'card_number' }],
    })
    expect((await findEmailTemplate(db.knex, 'password_reset', 'de'))?.html).toBe(de.html)
  })
})
