import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { BRIDGE_METHODS } from '../../../shared/kiosk-bridge.ts'
import { LANGUAGES, type Language } from '../../../shared/languages.ts'
import { dateFromParts, fieldsWithIssues } from '../../../shared/schemas/storefront.ts'
import { useKiosk } from '../kiosk-context.ts'
import { useOperation } from './use-operation.ts'

const LANGUAGE_NAMES: Record<Language, string> = {
  en: 'English',
  fr: 'Français',
  de: 'Deutsch',
  lb: 'Lëtzebuergesch',
}

/** The birthday's fields, in the order Luxembourg writes dates in all four languages. */
const BIRTHDAY_PARTS = [
  { name: 'day', maxLength: 2 },
  { name: 'month', maxLength: 2 },
  { name: 'year', maxLength: 4 },
] as const

/** A new customer at the counter: the card is theirs at once, online or offline. */
export const EnrollScreen = () => {
  const { t } = useTranslation()
  const kiosk = useKiosk()
  const { run, busy } = useOperation('enroll', null)
  const [form, setForm] = useState({
    name: '',
    email: '',
    phone: '',
    day: '',
    month: '',
    year: '',
    language: kiosk.language,
    consent: false,
  })
  const [invalid, setInvalid] = useState<string[]>([])
  const set = (field: keyof typeof form) => (value: string | boolean) =>
    setForm((f) => ({ ...f, [field]: value }))

  const submit = (event: FormEvent) => {
    event.preventDefault()
    // Three small fields (day, month, year), never a browser date picker; then the bridge's own
    // schema says which fields the core would refuse, each said next to its field.
    const birthday = dateFromParts(form)
    const parsed = BRIDGE_METHODS.enroll.input.safeParse({
      name: form.name,
      email: form.email.trim(),
      ...(form.phone.trim() ? { phone: form.phone } : {}),
      ...(birthday.ok && birthday.date ? { birthday: birthday.date } : {}),
      preferredLanguage: form.language,
      marketingConsent: form.consent,
    })
    const problems = [
      ...(parsed.success ? [] : fieldsWithIssues(parsed.error)),
      ...(birthday.ok ? [] : ['birthday']),
    ]
    setInvalid(problems)
    if (parsed.success && problems.length === 0) void run(kiosk.bridge.enroll(parsed.data))
  }

  const error = (field: 'name' | 'email' | 'birthday') =>
    invalid.includes(field) ? (
      <span className="field-error" id={`${field}-error`}>
        {t(`invalid_${field}`)}
      </span>
    ) : null

  return (
    <main className="operation enroll">
      <h1>{t('enroll_title')}</h1>
      <form onSubmit={submit} className="form-grid" noValidate>
        <label>
          {t('name')}
          <input
            name="name"
            autoComplete="off"
            value={form.name}
            aria-invalid={invalid.includes('name')}
            onChange={(e) => set('name')(e.target.value)}
          />
          {error('name')}
        </label>
        <label>
          {t('email')}
          <input
            name="email"
            type="email"
            autoComplete="off"
            value={form.email}
            aria-invalid={invalid.includes('email')}
            onChange={(e) => set('email')(e.target.value)}
          />
          {error('email')}
        </label>
        <fieldset className="birthday">
          <legend>{t('birthday')}</legend>
          {BIRTHDAY_PARTS.map((part) => (
            <input
              key={part.name}
              name={part.name}
              inputMode="numeric"
              aria-label={t(part.name)}
              placeholder={t(`${part.name}_short`)}
              maxLength={part.maxLength}
              value={form[part.name]}
              onChange={(e) => set(part.name)(e.target.value)}
            />
          ))}
          {error('birthday')}
        </fieldset>
        <label>
          {t('phone')}
          <input
            name="phone"
            type="tel"
            autoComplete="off"
            maxLength={24}
            value={form.phone}
            onChange={(e) => set('phone')(e.target.value)}
          />
        </label>
        <label>
          {t('customer_language')}
          <select
            name="language"
            value={form.language}
            onChange={(e) => set('language')(e.target.value)}
          >
            {LANGUAGES.map((l) => (
              <option key={l} value={l}>
                {LANGUAGE_NAMES[l]}
              </option>
            ))}
          </select>
        </label>
        <label className="checkbox">
          <input
            name="consent"
            type="checkbox"
            checked={form.consent}
            onChange={(e) => set('consent')(e.target.checked)}
          />
          {t('marketing_consent')}
        </label>
        <div className="buttons">
          <button type="submit" className="primary big" disabled={busy}>
            {t('enroll_confirm')}
          </button>
          <button type="button" className="ghost big" onClick={() => kiosk.go({ name: 'ready' })}>
            {t('cancel')}
          </button>
        </div>
      </form>
    </main>
  )
}
