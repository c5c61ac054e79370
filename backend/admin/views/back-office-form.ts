import type { FieldErrors } from '../../web/pages/form.tsx'
import type { FormValues } from '../../web/pages/query.ts'

/** A refused admin form: what was typed, a message per field, and one above the form. */
export type AdminFormState = { values: FormValues; errors: FieldErrors; message?: string }

/** The typed value of a field when a form came back, else the stored one. */
export const valueOf = (form: AdminFormState | undefined, name: string, stored: string) => {
  const typed = form?.values[name]
  return typeof typed === 'string' ? typed : stored
}
