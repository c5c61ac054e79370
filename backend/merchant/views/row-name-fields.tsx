import { LANGUAGES, type LocalizedText } from '../../../shared/languages.ts'
import type { FieldErrors } from '../../web/pages/form.tsx'
import { usePage } from '../../web/pages/page.tsx'

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
  const { formId, errors } = props
  return (
    <>
      <div className="form-grid">
        {LANGUAGES.map((language) => (
          <div className="field" key={language}>
            <label className="field__label" htmlFor={`${formId}-name-${language}`}>
              {props.label(t(`common:language.${language}`))}
            </label>
            <input
              className="input"
              id={`${formId}-name-${language}`}
              name={`name_${language}`}
              lang={language}
              defaultValue={props.typed?.[`name_${language}`] ?? props.stored[language] ?? ''}
              aria-invalid={errors?.name ? true : undefined}
            />
          </div>
        ))}
      </div>
      {errors?.name ? <p className="field__error">{errors.name}</p> : null}
    </>
  )
}
