import { usePage } from '../../web/pages/page.tsx'
import {
  ErrorSummary,
  Field,
  PostForm,
  SelectField,
  type FieldErrors,
} from '../../web/pages/form.tsx'
import { PageHeader } from '../../web/pages/staff-layout.tsx'
import { TableCard } from '../../web/pages/table-card.tsx'
import type { SessionMerchantUser } from '../../accounts/accounts.ts'
import { formatPairingCode } from '../../../shared/schemas/kiosk-api.ts'
import { KIOSK_NAME_MAX_LENGTH } from '../commands/pair-store-kiosk.ts'
import type { PairableStore } from '../queries/kiosks.ts'
import type { MerchantKiosk } from '../presenters.ts'
import { MerchantLayout } from './merchant-layout.tsx'
import { AgeText } from './age-text.tsx'

/** What the pairing form shows after a submission: what was typed and its answer. */
export type PairFormState = {
  store?: string
  name?: string
  errors?: FieldErrors
}

/** A code just created: shown once, on the answer to the POST, never stored in clear. */
export type ShownPairing = {
  code: string
  expiresAt: Date
  minutes: number
  kioskName: string
  storeName: string
  /** The pairing QR as inline SVG (merchant/pairing-qr.ts). */
  qrSvg: string
}

const STATUS_BADGE = {
  active: 'badge--success',
  pending: 'badge--warning',
  revoked: 'badge--danger',
} as const

const When = ({ value }: { value: Date | null }) => {
  const { t, format } = usePage()
  return value ? (
    <time dateTime={value.toISOString()}>{format.dateTime(value)}</time>
  ) : (
    <span className="muted">{t('kiosks.never')}</span>
  )
}

const KioskRow = ({ kiosk, now }: { kiosk: MerchantKiosk; now: Date }) => {
  const { t, format, urls } = usePage()
  return (
    <tr data-kiosk={kiosk.id}>
      <td data-label={t('kiosks.name')}>
        <strong>{kiosk.name}</strong>
      </td>
      <td data-label={t('kiosks.store')}>{kiosk.storeName}</td>
      <td data-label={t('kiosks.status')}>
        <span className={`badge ${STATUS_BADGE[kiosk.status]}`}>
          {t(`kiosks.status_${kiosk.status}`)}
        </span>
        {kiosk.pinFailuresToday > 0 ? (
          <>
            <br />
            <span className="badge badge--warning" data-pin-failures>
              {t('kiosk_health.pin_failures_today', { count: kiosk.pinFailuresToday })}
            </span>
          </>
        ) : null}
      </td>
      <td data-label={t('kiosks.app_version')}>{kiosk.appVersion ?? '—'}</td>
      <td data-label={t('kiosks.last_sync')}>
        <span>
          <When value={kiosk.lastSyncAt} />
          {kiosk.lastSeenAt && kiosk.lastSeenAt.getTime() !== kiosk.lastSyncAt?.getTime() ? (
            <>
              <br />
              <span className="muted small">
                {t('kiosks.last_seen', { time: format.dateTime(kiosk.lastSeenAt) })}
              </span>
            </>
          ) : null}
          {kiosk.clockSkewMs !== null && Math.abs(kiosk.clockSkewMs) >= 60_000 ? (
            <>
              <br />
              <span className="muted small" data-clock-skew>
                {t('kiosk_health.clock_skew', {
                  minutes: format.number(Math.round(kiosk.clockSkewMs / 60_000)),
                })}
              </span>
            </>
          ) : null}
        </span>
      </td>
      <td data-label={t('kiosks.queue')} className="num">
        {kiosk.queueLength === null ? '—' : format.number(kiosk.queueLength)}
        {kiosk.queueLength && kiosk.oldestPendingAt ? (
          <>
            <br />
            <span className="muted small" data-oldest-pending>
              <AgeText from={kiosk.oldestPendingAt} now={now} />
            </span>
          </>
        ) : null}
      </td>
      <td data-label={t('kiosks.paired_at')}>
        {kiosk.status === 'revoked' && kiosk.revokedAt ? (
          <span>
            <When value={kiosk.pairedAt} />
            <br />
            <span className="muted small">
              {t('kiosks.revoked_at', { time: format.dateTime(kiosk.revokedAt) })}
            </span>
          </span>
        ) : (
          <When value={kiosk.pairedAt} />
        )}
      </td>
      <td className="table__actions">
        {kiosk.status === 'pending' ? (
          <PostForm action={urls.path('merchantKioskCode')} className="form--compact">
            <input type="hidden" name="kiosk" value={kiosk.id} />
            <button
              className="button button--secondary button--small"
              aria-label={t('kiosks.new_code_for', { name: kiosk.name })}
            >
              {t('kiosks.new_code')}
            </button>
          </PostForm>
        ) : null}
        {kiosk.status === 'revoked' ? null : (
          <PostForm action={urls.path('merchantKioskRevoke')} className="form--compact">
            <input type="hidden" name="kiosk" value={kiosk.id} />
            <button
              className="button button--danger button--small"
              aria-label={t('kiosks.revoke_named', { name: kiosk.name })}
              data-confirm={t('kiosks.revoke_confirm', { name: kiosk.name })}
              data-confirm-ok={t('kiosks.revoke_ok')}
              data-confirm-cancel={t('kiosks.revoke_cancel')}
            >
              {t('kiosks.revoke')}
            </button>
          </PostForm>
        )}
      </td>
    </tr>
  )
}

const PairingCard = ({ pairing }: { pairing: ShownPairing }) => {
  const { t, format } = usePage()
  const code = formatPairingCode(pairing.code)
  return (
    <section className="card" aria-labelledby="pairing-title" id="pairing">
      <h2 className="card__title" id="pairing-title">
        {t('kiosks.code_title', { name: pairing.kioskName, store: pairing.storeName })}
      </h2>
      <div className="stack--lg">
        <p>
          {t('kiosks.code_lead', {
            minutes: pairing.minutes,
            time: format.dateTime(pairing.expiresAt),
          })}
        </p>
        <div className="secret">
          <p className="stat__value">
            <span className="visually-hidden">{t('kiosks.code_label')} </span>
            <code id="pairing-code" data-pairing-code>
              {code}
            </code>
          </p>
          <button
            className="button button--secondary button--small"
            hidden
            data-copy-from="pairing-code"
            data-copied-label={t('kiosks.copied')}
          >
            {t('kiosks.copy')}
          </button>
        </div>
        <figure className="stack--sm">
          <div
            className="pairing-qr"
            role="img"
            aria-label={t('kiosks.qr_label')}
            dangerouslySetInnerHTML={{ __html: pairing.qrSvg }}
          />
          <figcaption className="muted small">{t('kiosks.qr_hint')}</figcaption>
        </figure>
      </div>
    </section>
  )
}

const PairForm = (props: { stores: PairableStore[]; state: PairFormState }) => {
  const { t, urls } = usePage()
  const { stores, state } = props
  return (
    <section className="card" aria-labelledby="pair-title" id="pair">
      <h2 className="card__title" id="pair-title">
        {t('kiosks.pair_title')}
      </h2>
      <p className="muted">{t('kiosks.pair_lead')}</p>
      {stores.length === 0 ? (
        <div className="empty">
          <p>{t('kiosks.no_stores')}</p>
        </div>
      ) : (
        <PostForm action={urls.path('merchantKiosks')} className="form">
          <ErrorSummary
            message={
              state.errors && Object.keys(state.errors).length > 0
                ? t('kiosks.errors.summary')
                : null
            }
          />
          <SelectField
            name="store"
            label={t('kiosks.store')}
            value={state.store ?? stores[0]!.code}
            options={stores.map((store) => ({ value: store.code, label: store.name }))}
            errors={state.errors}
          />
          <Field
            name="name"
            label={t('kiosks.name')}
            hint={t('kiosks.name_hint', { max: KIOSK_NAME_MAX_LENGTH })}
            value={state.name}
            errors={state.errors}
            autoComplete="off"
            required
          />
          <div className="form__actions">
            <button className="button button--primary">{t('kiosks.pair_submit')}</button>
          </div>
        </PostForm>
      )}
    </section>
  )
}

/**
 * The merchant's kiosks (pair, watch, revoke: docs/architecture.md, Kiosks): the list with each kiosk's status,
 * version and last sync; a code just created; the form to pair a new one.
 */
export const MerchantKiosksPage = (props: {
  /** When the page is shown (the age of the oldest operation a kiosk still holds). */
  now: Date
  merchantName: string
  user: Pick<SessionMerchantUser, 'name' | 'role' | 'storeIds'>
  /** The names of a store manager's stores. */
  storeNames: string[]
  kiosks: MerchantKiosk[]
  stores: PairableStore[]
  pairing?: ShownPairing | null
  form?: PairFormState
  /** A kiosk was just revoked (the success message). */
  revoked?: boolean
}) => {
  const { t } = usePage()
  const { user } = props
  return (
    <MerchantLayout
      title={t('kiosks.title')}
      current="kiosks"
      merchantName={props.merchantName}
      user={user}
      storeNames={props.storeNames}
    >
      <PageHeader title={t('kiosks.title')} lead={t('kiosks.lead')} />
      {user.storeIds ? (
        <div className="alert alert--info" role="status">
          <p>{t('kiosks.scoped', { stores: props.storeNames.join(', ') })}</p>
        </div>
      ) : null}
      {props.revoked ? (
        <div className="alert alert--success" role="status">
          <p>{t('kiosks.revoked')}</p>
        </div>
      ) : null}
      {props.pairing ? <PairingCard pairing={props.pairing} /> : null}
      <TableCard
        id="kiosks"
        title={t('kiosks.list_title')}
        columns={[
          { label: t('kiosks.name') },
          { label: t('kiosks.store') },
          { label: t('kiosks.status') },
          { label: t('kiosks.app_version') },
          { label: t('kiosks.last_sync') },
          { label: t('kiosks.queue'), numeric: true },
          { label: t('kiosks.paired_at') },
          { label: t('kiosks.actions') },
        ]}
        empty={props.kiosks.length === 0 ? t('kiosks.empty') : null}
      >
        {props.kiosks.map((kiosk) => (
          <KioskRow key={kiosk.id} kiosk={kiosk} now={props.now} />
        ))}
      </TableCard>
      <PairForm stores={props.stores} state={props.form ?? {}} />
    </MerchantLayout>
  )
}
