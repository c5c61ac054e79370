import type { ReactNode } from 'react'
import { CSRF_FIELD } from '../sessions/csrf.ts'
import { LANGUAGES } from '../../../shared/languages.ts'
import { usePage } from './page.tsx'
import { datePartOrder, monthNames } from './format.ts'

/** Field errors of a submitted form: field name → localized message. */
export type FieldErrors = Record<string, string>

/** The hidden CSRF token every form carries. */
export const CsrfField = () => {
  const { csrfToken } = usePage()
  return <input type="hidden" name={CSRF_FIELD} value={csrfToken()} />
}

/** A POST form with its CSRF token. */
export const PostForm = (props: {
  action: string
  children: ReactNode
  className?: string
  confirm?: string
  /** `multipart/form-data` for a form with a file (parsed by multipartForms). */
  encType?: 'multipart/form-data'
}) => (
  <form
    className={props.className ?? 'form'}
    method="post"
    action={props.action}
    encType={props.encType}
    noValidate
    {...(props.confirm ? { 'data-confirm': props.confirm } : {})}
  >
    <CsrfField />
    {props.children}
  </form>
)

export const ErrorSummary = ({ message }: { message: string | null | undefined }) =>
  message ? (
    <div className="alert alert--error" role="alert">
      <p>{message}</p>
    </div>
  ) : null

/** A control's aria-describedby: its hint and its error, where there are any. */
const describedByOf = (id: string, hint: string | undefined, error: string | undefined) =>
  [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined

/** What every labelled control has around it: the label, the hint, the inline error. */
const FieldShell = (props: {
  id: string
  label: ReactNode
  /** Read by screen readers only (a row's compact control whose column says what it is). */
  labelHidden?: boolean
  hint?: string | undefined
  error?: string | undefined
  children: ReactNode
}) => (
  <div className="field">
    <label
      className={props.labelHidden ? 'field__label visually-hidden' : 'field__label'}
      htmlFor={props.id}
    >
      {props.label}
    </label>
    {props.hint ? (
      <p className="field__hint" id={`${props.id}-hint`}>
        {props.hint}
      </p>
    ) : null}
    {props.children}
    {props.error ? (
      <p className="field__error" id={`${props.id}-error`}>
        {props.error}
      </p>
    ) : null}
  </div>
)

/** A labelled input with its hint and inline error, wired with aria-describedby. */
export const Field = (props: {
  name: string
  label: string
  /**
   * Defaults to `field-<name>`; a form repeated on one page (a row per cashier or reward) gives
   * each its own (`reward-<id>-cost`).
   */
  id?: string
  labelHidden?: boolean
  type?: string
  value?: string | undefined
  hint?: string
  optional?: boolean
  errors?: FieldErrors
  autoComplete?: string
  required?: boolean
  /** What a password field hides, for its show/hide button (a staff PIN, else a password). */
  secret?: 'password' | 'pin'
  /** false: no show/hide button on a password field (a row's compact new PIN). */
  toggle?: boolean
  /** The language of the value when it is not the page's (a reward's French name). */
  lang?: string
  /** An extra class of the input (`input--pin`: as wide as a PIN). */
  inputClassName?: string
  inputMode?: 'numeric' | 'text'
  maxLength?: number
  placeholder?: string
}) => {
  const { t } = usePage()
  const id = props.id ?? `field-${props.name}`
  const error = props.errors?.[props.name]
  const input = (
    <input
      className={props.inputClassName ? `input ${props.inputClassName}` : 'input'}
      id={id}
      name={props.name}
      lang={props.lang}
      inputMode={props.inputMode}
      maxLength={props.maxLength}
      placeholder={props.placeholder}
      type={props.type ?? 'text'}
      defaultValue={props.type === 'password' ? undefined : (props.value ?? '')}
      autoComplete={props.autoComplete}
      required={props.required}
      aria-invalid={error ? true : undefined}
      aria-describedby={describedByOf(id, props.hint, error)}
    />
  )
  return (
    <FieldShell
      id={id}
      hint={props.hint}
      error={error}
      labelHidden={props.labelHidden}
      label={
        <>
          {props.label}
          {props.optional ? (
            <span className="field__optional"> {t('common:form.optional')}</span>
          ) : null}
        </>
      }
    >
      {props.type === 'password' && props.toggle !== false ? (
        <div
          className="password"
          data-password-toggle
          data-show-label={
            props.secret === 'pin' ? t('common:form.show_pin') : t('common:form.show_password')
          }
          data-hide-label={
            props.secret === 'pin' ? t('common:form.hide_pin') : t('common:form.hide_password')
          }
        >
          {input}
        </div>
      ) : (
        input
      )}
    </FieldShell>
  )
}

/** A labelled multi-line text, with its hint and inline error like Field. */
export const TextAreaField = (props: {
  name: string
  /** The control's id when a page has several forms with this field (else `field-<name>`). */
  id?: string
  label: ReactNode
  value: string
  rows: number
  hint?: string
  errors?: FieldErrors
  /** The language of the text when it is not the page's (a merchant's French terms). */
  lang?: string
  spellCheck?: boolean
  className?: string
}) => {
  const id = props.id ?? `field-${props.name}`
  const error = props.errors?.[props.name]
  return (
    <FieldShell id={id} label={props.label} hint={props.hint} error={error}>
      <textarea
        className={props.className ?? 'input textarea'}
        id={id}
        name={props.name}
        lang={props.lang}
        rows={props.rows}
        spellCheck={props.spellCheck}
        defaultValue={props.value}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedByOf(id, props.hint, error)}
      />
    </FieldShell>
  )
}

/** A labelled select, with its hint and its error like Field. */
export const SelectField = (props: {
  name: string
  label: string
  value?: string | undefined
  options: { value: string; label: string; lang?: string }[]
  hint?: string
  errors?: FieldErrors
  /** Defaults to `field-<name>`; filter forms use their own. */
  id?: string
}) => {
  const id = props.id ?? `field-${props.name}`
  const error = props.errors?.[props.name]
  return (
    <FieldShell id={id} label={props.label} hint={props.hint} error={error}>
      <select
        className="input"
        id={id}
        name={props.name}
        defaultValue={props.value}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedByOf(id, props.hint, error)}
      >
        {props.options.map((option) => (
          <option key={option.value} value={option.value} lang={option.lang}>
            {option.label}
          </option>
        ))}
      </select>
    </FieldShell>
  )
}

/** A SelectField of the four languages, each named in its own language's label and `lang`. */
export const LanguageSelectField = (props: Omit<Parameters<typeof SelectField>[0], 'options'>) => {
  const { t } = usePage()
  return (
    <SelectField
      {...props}
      options={LANGUAGES.map((lng) => ({
        value: lng,
        label: t(`common:language.${lng}`),
        lang: lng,
      }))}
    />
  )
}

export const Checkbox = (props: {
  name: string
  label: ReactNode
  checked?: boolean
  errors?: FieldErrors
  /** Defaults to `field-<name>` (as Field's). */
  id?: string
}) => {
  const id = props.id ?? `field-${props.name}`
  const error = props.errors?.[props.name]
  return (
    <div className="field">
      <label className="choice" htmlFor={id}>
        <input
          className="choice__input"
          type="checkbox"
          id={id}
          name={props.name}
          value="yes"
          defaultChecked={props.checked}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
        />{' '}
        <span className="choice__label">{props.label}</span>
      </label>
      {error ? (
        <p className="field__error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  )
}

/**
 * A date as three fields in the page language's order (day, month by name, year) — never
 * `<input type=date>`, whose format follows the browser, not the page (docs/lessons.md #3).
 */
export const DateField = (props: {
  name: string
  label: string
  value?: { day?: string; month?: string; year?: string }
  optional?: boolean
  errors?: FieldErrors
}) => {
  const { t, language } = usePage()
  const id = `field-${props.name}`
  const error = props.errors?.[props.name]
  const months = monthNames(language)
  const part = (kind: 'day' | 'month' | 'year') => {
    const name = `${props.name}_${kind}`
    const common = {
      className: 'input',
      id: `${id}-${kind}`,
      name,
      'data-date-part': kind,
      autoComplete: `bday-${kind}`,
      'aria-invalid': error ? true : undefined,
    }
    return (
      <div key={kind} className={`date-parts__part date-parts__part--${kind}`}>
        <label className="date-parts__label" htmlFor={`${id}-${kind}`}>
          {t(`common:form.date_${kind}`)}
        </label>
        {kind === 'month' ? (
          <select {...common} defaultValue={props.value?.month ?? ''}>
            <option value="">{'—'}</option>
            {months.map((month, index) => (
              <option key={month} value={String(index + 1)}>
                {month}
              </option>
            ))}
          </select>
        ) : (
          <input
            {...common}
            inputMode="numeric"
            maxLength={kind === 'day' ? 2 : 4}
            defaultValue={props.value?.[kind] ?? ''}
          />
        )}
      </div>
    )
  }
  return (
    <fieldset
      className="field date-parts"
      data-date-parts
      aria-describedby={error ? `${id}-error` : undefined}
    >
      <legend className="field__label">
        {props.label}
        {props.optional ? (
          <span className="field__optional"> {t('common:form.optional')}</span>
        ) : null}
      </legend>
      <div className="date-parts__fields">{datePartOrder(language).map(part)}</div>
      {error ? (
        <p className="field__error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </fieldset>
  )
}

/** The language switcher: a POST (remembered in a cookie), auto-submitted by the script. */
export const LanguageSwitch = ({ action }: { action: string }) => {
  const { t, language, path } = usePage()
  return (
    <form className="lang-switch" method="post" action={action} data-auto-submit>
      <CsrfField />
      <input type="hidden" name="next" value={path} />
      <label className="visually-hidden" htmlFor="lang">
        {t('common:language.label')}
      </label>
      <select
        className="input lang-switch__select"
        id="lang"
        name="language"
        defaultValue={language}
      >
        {LANGUAGES.map((lng) => (
          <option key={lng} value={lng} lang={lng}>
            {t(`common:language.${lng}`)}
          </option>
        ))}
      </select>
      <button className="button button--secondary button--small" data-js-hide>
        {t('common:language.apply')}
      </button>
    </form>
  )
}

/**
 * The email-and-password form of every sign-in page (customers, merchant users, admins): the
 * `next` page carried along, errors inline, the labels from the page's `login.*` keys.
 */
export const LoginForm = (props: {
  action: string
  email?: string | undefined
  next?: string | null | undefined
  error?: string | null | undefined
  errors?: FieldErrors | undefined
  children?: ReactNode
}) => {
  const { t } = usePage()
  return (
    <PostForm action={props.action} className="card form">
      <ErrorSummary message={props.error} />
      {props.next ? <input type="hidden" name="next" value={props.next} /> : null}
      <Field
        name="email"
        type="email"
        label={t('login.email')}
        value={props.email}
        errors={props.errors}
        autoComplete="username"
        required
      />
      <Field
        name="password"
        type="password"
        label={t('login.password')}
        errors={props.errors}
        autoComplete="current-password"
        required
      />
      <div className="form__actions">
        <button className="button button--primary button--block">{t('login.submit')}</button>
      </div>
      {props.children}
    </PostForm>
  )
}

/** A new password and its confirmation (password reset, accepting an invitation). */
export const NewPasswordFields = (props: {
  labels: { password: string; hint: string; confirm: string }
  errors?: FieldErrors
}) => (
  <>
    <Field
      name="password"
      type="password"
      label={props.labels.password}
      hint={props.labels.hint}
      errors={props.errors}
      autoComplete="new-password"
      required
    />
    <Field
      name="password_confirm"
      type="password"
      label={props.labels.confirm}
      errors={props.errors}
      autoComplete="new-password"
      required
    />
  </>
)
