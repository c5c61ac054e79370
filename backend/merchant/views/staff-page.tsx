import { usePage } from '../../web/pages/page.tsx'
import { ErrorSummary, Field, PostForm, type FieldErrors } from '../../web/pages/form.tsx'
import { PageHeader } from '../../web/pages/staff-layout.tsx'
import { TableCard } from '../../web/pages/table-card.tsx'
import type { SessionMerchantUser } from '../../accounts/accounts.ts'
import type { StaffMember } from '../../kiosks/queries/staff.ts'
import type { PairableStore } from '../queries/kiosks.ts'
import { MerchantLayout } from './merchant-layout.tsx'

/** What was just done (the success message after a redirect). */
export const STAFF_DONE = ['created', 'pin', 'unlocked', 'deactivated'] as const
export type StaffDone = (typeof STAFF_DONE)[number]

/** The create form after a refusal: what was typed (never the PIN) and each field's problem. */
export type CreateFormState = { name?: string; stores?: string[]; errors?: FieldErrors }
/** A refused new PIN: whose, and why. */
export type PinFormState = { staffId: string; errors: FieldErrors }
/** A change refused because the cashier changed since the page was shown: whose, and the message. */
export type ConflictState = { staffId: string; message: string }

const hasErrors = (errors: FieldErrors | undefined) =>
  errors !== undefined && Object.keys(errors).length > 0

const PinBadge = ({ staff }: { staff: StaffMember }) => {
  const { t } = usePage()
  if (!staff.hasPin) return <span className="badge badge--warning">{t('staff.pin_not_set')}</span>
  return staff.locked ? (
    <span className="badge badge--danger">{t('staff.pin_locked')}</span>
  ) : (
    <span className="badge badge--success">{t('staff.pin_open')}</span>
  )
}

const StaffRow = (props: {
  staff: StaffMember
  pinLength: number
  pin?: PinFormState
  conflict?: ConflictState
}) => {
  const { t, format, urls } = usePage()
  const { staff } = props
  const pinId = `pin-${staff.id}`
  return (
    // A refused change (EDIT_CONFLICT) marks the row it was made on; the message is above the list.
    <tr data-staff={staff.id} data-conflict={props.conflict?.staffId === staff.id ? '' : undefined}>
      <td data-label={t('staff.name')}>
        <strong>{staff.name}</strong>
      </td>
      <td data-label={t('staff.stores')}>{staff.stores.map((s) => s.name).join(', ')}</td>
      <td data-label={t('staff.status')}>
        {staff.active ? (
          <span className="badge badge--success">{t('staff.active')}</span>
        ) : (
          <span className="badge">{t('staff.inactive')}</span>
        )}
      </td>
      <td data-label={t('staff.pin')}>
        <PinBadge staff={staff} />
      </td>
      <td data-label={t('staff.failures')}>
        <span>
          <span className="num">{format.number(staff.failedAttempts)}</span>
          {staff.failures.length > 0 ? (
            <ul className="muted small" data-failures>
              {staff.failures.map((f) => (
                <li key={`${f.kioskId}-${f.at.toISOString()}`}>
                  {t('staff.failure_at', {
                    kiosk: f.kioskName,
                    store: f.storeName,
                    time: format.dateTime(f.at),
                  })}
                </li>
              ))}
            </ul>
          ) : null}
        </span>
      </td>
      <td className="table__actions">
        <div className="staff-actions">
          {staff.active ? (
            <PostForm action={urls.path('merchantStaffPin')} className="form--compact">
              <input type="hidden" name="staff" value={staff.id} />
              <Field
                id={pinId}
                name="pin"
                type="password"
                label={t('staff.new_pin_for', { name: staff.name })}
                labelHidden
                errors={props.pin?.staffId === staff.id ? props.pin.errors : undefined}
                autoComplete="new-password"
                toggle={false}
                inputClassName="input--pin"
                inputMode="numeric"
                maxLength={props.pinLength}
                placeholder={t('staff.new_pin')}
              />
              <button className="button button--secondary button--small">
                {t('staff.set_pin')}
              </button>
            </PostForm>
          ) : null}
          {staff.locked ? (
            <PostForm action={urls.path('merchantStaffUnlock')} className="form--compact">
              <input type="hidden" name="staff" value={staff.id} />
              <button
                className="button button--primary button--small"
                aria-label={t('staff.unlock_named', { name: staff.name })}
              >
                {t('staff.unlock')}
              </button>
            </PostForm>
          ) : null}
          {staff.active ? (
            <PostForm action={urls.path('merchantStaffDeactivate')} className="form--compact">
              <input type="hidden" name="staff" value={staff.id} />
              <input type="hidden" name="version" value={staff.version} />
              <button
                className="button button--danger button--small"
                aria-label={t('staff.deactivate_named', { name: staff.name })}
                data-confirm={t('staff.deactivate_confirm', { name: staff.name })}
                data-confirm-ok={t('staff.deactivate')}
                data-confirm-cancel={t('staff.deactivate_cancel')}
              >
                {t('staff.deactivate')}
              </button>
            </PostForm>
          ) : null}
        </div>
      </td>
    </tr>
  )
}

const CreateForm = (props: {
  stores: PairableStore[]
  pinLength: number
  state: CreateFormState
}) => {
  const { t, urls } = usePage()
  const { stores, state } = props
  const chosen = new Set(state.stores ?? (stores.length === 1 ? [stores[0]!.code] : []))
  const storesError = state.errors?.stores
  return (
    <section className="card" aria-labelledby="create-title" id="create">
      <h2 className="card__title" id="create-title">
        {t('staff.create_title')}
      </h2>
      <p className="muted">{t('staff.create_lead')}</p>
      {stores.length === 0 ? (
        <div className="empty">
          <p>{t('staff.no_stores')}</p>
        </div>
      ) : (
        <PostForm action={urls.path('merchantStaff')} className="form">
          <ErrorSummary message={hasErrors(state.errors) ? t('staff.errors.summary') : null} />
          <Field
            name="name"
            label={t('staff.name')}
            value={state.name}
            errors={state.errors}
            autoComplete="off"
            required
          />
          <fieldset
            className="field"
            aria-describedby={storesError ? 'field-stores-error' : undefined}
          >
            <legend className="field__label">{t('staff.stores')}</legend>
            {stores.map((store) => (
              <label className="choice" key={store.code} htmlFor={`field-stores-${store.code}`}>
                <input
                  className="choice__input"
                  type="checkbox"
                  id={`field-stores-${store.code}`}
                  name="stores"
                  value={store.code}
                  defaultChecked={chosen.has(store.code)}
                  aria-invalid={storesError ? true : undefined}
                />{' '}
                <span className="choice__label">{store.name}</span>
              </label>
            ))}
            {storesError ? (
              <p className="field__error" id="field-stores-error">
                {storesError}
              </p>
            ) : null}
          </fieldset>
          <Field
            name="pin"
            type="password"
            label={t('staff.pin')}
            hint={t('staff.pin_hint', { length: props.pinLength })}
            errors={state.errors}
            autoComplete="new-password"
            secret="pin"
            required
          />
          <div className="form__actions">
            <button className="button button--primary">{t('staff.create_submit')}</button>
          </div>
        </PostForm>
      )}
    </section>
  )
}

/**
 * The merchant's cashiers (kiosk staff, docs/architecture.md, Kiosks): each with stores, PIN
 * state and the failed PINs that count (kiosk, time); a new PIN, unlock and deactivate per
 * cashier; the form for a new one.
 */
export const MerchantStaffPage = (props: {
  merchantName: string
  user: Pick<SessionMerchantUser, 'name' | 'role' | 'storeIds'>
  storeNames: string[]
  stores: PairableStore[]
  staff: StaffMember[]
  pinLength: number
  create?: CreateFormState
  pin?: PinFormState
  conflict?: ConflictState
  done?: StaffDone
}) => {
  const { t } = usePage()
  const { user } = props
  return (
    <MerchantLayout
      title={t('staff.title')}
      // The cashiers' PINs open the kiosks: the page sits under "In store" until it has its own link.
      current="staff"
      merchantName={props.merchantName}
      user={user}
      storeNames={props.storeNames}
    >
      <PageHeader title={t('staff.title')} lead={t('staff.lead')} />
      {user.storeIds ? (
        <div className="alert alert--info" role="status">
          <p>{t('staff.scoped', { stores: props.storeNames.join(', ') })}</p>
        </div>
      ) : null}
      {props.done ? (
        <div className="alert alert--success" role="status">
          <p>{t(`staff.done_${props.done}`)}</p>
        </div>
      ) : null}
      {props.pin ? (
        <div className="alert alert--error" role="alert">
          <p>{t('staff.errors.summary')}</p>
        </div>
      ) : null}
      <ErrorSummary message={props.conflict?.message} />
      <TableCard
        id="staff"
        title={t('staff.list_title')}
        columns={[
          { label: t('staff.name') },
          { label: t('staff.stores') },
          { label: t('staff.status') },
          { label: t('staff.pin') },
          { label: t('staff.failures') },
          { label: t('staff.actions'), hidden: true },
        ]}
        empty={props.staff.length === 0 ? t('staff.empty') : null}
      >
        {props.staff.map((staff) => (
          <StaffRow
            key={staff.id}
            staff={staff}
            pinLength={props.pinLength}
            pin={props.pin}
            conflict={props.conflict}
          />
        ))}
      </TableCard>
      <CreateForm stores={props.stores} pinLength={props.pinLength} state={props.create ?? {}} />
    </MerchantLayout>
  )
}
