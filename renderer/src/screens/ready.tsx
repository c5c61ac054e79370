import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { KIOSK_AND_ERRORS } from '../i18n.ts'
import type { SearchHit } from '../../../shared/kiosk-bridge.ts'
import { parseScanPayload } from '../../../shared/scan-payload.ts'
import { useKiosk } from '../kiosk-context.ts'
import { useCountText } from '../use-count-text.ts'
import { ReviewOutcomes } from '../components/review-outcomes.tsx'

/** Waiting for the next customer: scan, type a card number, or find the customer online. */
export const ReadyScreen = () => {
  const { t } = useTranslation(KIOSK_AND_ERRORS)
  const kiosk = useKiosk()
  const countText = useCountText()
  const [number, setNumber] = useState('')
  const [numberError, setNumberError] = useState(false)
  const [query, setQuery] = useState('')
  const [hits, setHits] = useState<SearchHit[] | null>(null)

  const openTyped = async (event: FormEvent) => {
    event.preventDefault()
    // A scanner typing into this field sends the card's QR (its URL); a person types the number,
    // whose check digit catches a typo before anything is looked up.
    const scanned = parseScanPayload(number)
    if (!scanned.ok) {
      setNumberError(true)
      kiosk.feedback('error')
      return
    }
    setNumberError(false)
    await kiosk.openCard(scanned.number)
  }

  const search = async (event: FormEvent) => {
    event.preventDefault()
    const found = await kiosk.attempt(kiosk.bridge.search({ query }))
    setHits(found)
  }

  return (
    <main className="ready">
      <section className="scan-prompt" aria-live="polite">
        <div className="scan-icon" aria-hidden="true" />
        <h1>{t('scan_title')}</h1>
        <p className="lead">{t('scan_lead')}</p>
      </section>
      <div className="ready-tools">
        <form onSubmit={openTyped} className="card-entry" noValidate>
          <label htmlFor="card-number">{t('card_number')}</label>
          <div className="row">
            <input
              id="card-number"
              name="number"
              inputMode="numeric"
              autoComplete="off"
              value={number}
              aria-invalid={numberError}
              aria-describedby={numberError ? 'card-number-error' : undefined}
              onChange={(e) => {
                setNumber(e.target.value)
                setNumberError(false)
              }}
              placeholder="1234 5678 9012"
              className="big-input"
            />
            <button type="submit" className="primary">
              {t('open_card')}
            </button>
          </div>
          {numberError ? (
            <p id="card-number-error" className="field-error">
              {t('errors:INVALID_CARD_NUMBER')}
            </p>
          ) : null}
        </form>
        <form onSubmit={search} className="search">
          <label htmlFor="search">{t('search_label')}</label>
          <div className="row">
            <input
              id="search"
              name="query"
              autoComplete="off"
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              placeholder={t('search_placeholder')}
            />
            <button type="submit" disabled={query.trim().length < 3}>
              {t('search')}
            </button>
          </div>
          {hits !== null ? (
            hits.length === 0 ? (
              <p className="hint">{t('search_none')}</p>
            ) : (
              <ul className="hits">
                {hits.map((hit) => (
                  <li key={hit.number}>
                    <button type="button" onClick={() => void kiosk.openCard(hit.number)}>
                      <strong>{hit.customerName ?? t('unnamed')}</strong>
                      <span>{hit.email}</span>
                      <span>{countText(hit.programmeType, hit.balance)}</span>
                    </button>
                  </li>
                ))}
              </ul>
            )
          ) : null}
        </form>
        <button
          type="button"
          className="big secondary"
          onClick={() => kiosk.go({ name: 'enroll' })}
        >
          {t('new_customer')}
        </button>
        <ReviewOutcomes />
      </div>
    </main>
  )
}
