import { DateField, Field, type FieldErrors } from '../../web/pages/form.tsx'

/**
 * Name, phone and birthday as the join and profile forms ask them (the birthday as day, month
 * and year in the page language's order).
 */
export const PersonFields = (props: {
  labels: { name: string; phone: string; birthday: string }
  values: Partial<Record<string, string>>
  errors?: FieldErrors | undefined
}) => {
  const { labels, values, errors } = props
  return (
    <>
      <Field
        name="name"
        label={labels.name}
        value={values.name}
        errors={errors}
        autoComplete="name"
        required
      />
      <Field
        name="phone"
        type="tel"
        label={labels.phone}
        value={values.phone}
        errors={errors}
        autoComplete="tel"
        optional
      />
      <DateField
        name="birthday"
        label={labels.birthday}
        optional
        errors={errors}
        value={{
          day: values.birthday_day,
          month: values.birthday_month,
          year: values.birthday_year,
        }}
      />
    </>
  )
}
