import { LANGUAGES, type LocalizedText } from '../../../shared/languages.ts'
import { Field, type FieldErrors } from '../../web/pages/form.tsx'
import { usePage } from '../../web/pages/page.tsx'

/** A form's errors with "no name in any language" shown under the first language's name. */
export const nameErrors = (errors: FieldErrors | undefined) =>
  errors?.name ? { ...errors, [`name_${LANGUAGES[0]}`]: errors.name } : errors

/**
 * The names per language of one row of a list (a reward, a category), each input with the
 * language's `lang`, the typed values after a refusal, and one message for all of them.
 */
export const RowNameFields = (props: {
  /** Unique on the page: the inputs' ids start with it. */
  formId: string
  /** The label of one language's input, its name given. */
  label: (language: string) => string
  stored: LocalizedText
  typed?: Record<string, string | undefined> | undefined
  errors?: FieldErrors | undefined
}) => {
  const { t } = usePage()
  return (
    <div className="form-grid">
      {LANGUAGES.map((language) => (
        <Field
          key={language}
          id={`${props.formId}-name-${language}`}
          name={`name_${language}`}
          label={props.label(t(`common:language.${language}`))}
          lang={language}
          value={props.typed?.[`name_${language}`] ?? props.stored[language] ?? ''}
          errors={nameErrors(props.errors)}
        />
      ))}
    </div>
  )
}
