import type { FieldError } from '../../shared/errors.ts'
import { LANGUAGES } from '../../shared/languages.ts'
import { StorePatchBody } from '../../shared/schemas/store-api.ts'
import { validationFailed } from '../errors.ts'
import type { LogoChange } from '../tenancy/commands/update-store.ts'
import { checkLogo } from '../tenancy/store-logo.ts'
import type { UploadedFile } from '../web/pages/multipart-form.ts'
import type { FormValues } from '../web/pages/query.ts'

/** The form's fields, as the store edit form names them (`description_fr` …). */
export const STORE_FORM_FIELDS = [
  'name',
  'address_line1',
  'address_line2',
  'postal_code',
  'city',
  'country',
  'phone',
  'timezone',
  'default_language',
  'brand_color',
] as const

const integer = (value: string | undefined) => {
  const text = (value ?? '').trim()
  return /^\d+$/.test(text) ? Number(text) : text
}

export type StoreSubmission =
  | { ok: true; patch: StorePatchBody; logo: LogoChange | undefined }
  | { ok: false; fields: FieldError[] }

/**
 * The store form (every field, the description per language, a new logo or "remove the logo")
 * as the PATCH body of the API and the logo change (the description field `description.fr` is
 * named `description_fr`): every field's problem at once, the logo's too (`logo`: too_large, not_image, svg_script, …), so one answer shows them all.
 */
export const parseStoreSubmission = (
  form: FormValues,
  upload: UploadedFile | undefined,
): StoreSubmission => {
  const parsed = StorePatchBody.safeParse({
    version: integer(form.version),
    ...Object.fromEntries(STORE_FORM_FIELDS.map((field) => [field, form[field] ?? ''])),
    description: Object.fromEntries(
      LANGUAGES.map((language) => [language, form[`description_${language}`] ?? '']).filter(
        ([, text]) => text!.trim() !== '',
      ),
    ),
  })
  const fields: FieldError[] = parsed.success
    ? []
    : validationFailed(parsed.error).details.fields.map((field) => ({
        ...field,
        path: field.path.replace('.', '_'),
      }))
  let logo: LogoChange | undefined
  if (upload) {
    const checked = upload.tooLarge
      ? ({ ok: false, problem: 'too_large' } as const)
      : checkLogo(upload.bytes, upload.mimeType)
    if (checked.ok) logo = { set: checked.logo }
    else fields.push({ path: 'logo', code: checked.problem })
  } else if (form.remove_logo === 'yes') logo = { remove: true }
  if (!parsed.success || fields.length > 0) return { ok: false, fields }
  return { ok: true, patch: parsed.data, logo }
}
