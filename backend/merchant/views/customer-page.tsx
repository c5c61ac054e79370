import { formatCardNumber } from '../../../shared/card-number.ts'
import type { SessionMerchantUser } from '../../accounts/accounts.ts'
import { usePage } from '../../web/pages/page.tsx'
import {
  Checkbox,
  DateField,
  ErrorSummary,
  Field,
  LanguageSelectField,
  PostForm,
  type FieldErrors,
} from '../../web/pages/form.tsx'
import { PageHeader } from '../../web/pages/staff-layout.tsx'
import { TableCard } from '../../web/pages/table-card.tsx'
import type { FormValues } from '../../web/pages/query.ts'
import type { CustomerPageData } from '../queries/customers.ts'
import { MerchantLayout } from './merchant-layout.tsx'

export type CustomerAction = 'adjust' | 'reverse' | 'block' | 'contact' | 'anonymize'

/** A refused action's form: the typed values, a message per field, a message above. */
export type CustomerFormState = {
  action: CustomerAction
  values: FormValues
  errors: FieldErrors
  message: string
}

const Row = (props: { label: string; children: React.ReactNode; name?: string }) => (
  <div className="details__row" data-field={props.name}>
    <dt>{props.label}</dt>
    <dd>{props.children}</dd>
  </div>
)

/**
 * One member (/merchant/customers/:number): who they are (phone and birthday included — the
 * platform this replaces dropped them), their card, the stores they visit, their history, and
 * the merchant's actions on them, each a form of its own.
 */
export const MerchantCustomerPage = (
  props: CustomerPageData & {
    user: Pick<SessionMerchantUser, 'name' | 'role' | 'storeIds'>
    form?: CustomerFormState | undefined
    done:
      'adjusted' | 'reversed' | 'blocked' | 'unblocked' | 'saved' | 'welcome' | 'anonymized' | null
    clientId: string
  },
) => {
  const { t, urls, format, text, language } = usePage()
  const { record, form } = props
  const c = record.customer
  const number = record.number
  const points = record.programme.type === 'points'
  const unit = (count: number) =>
    points ? t('customers.points', { count }) : t('customers.stamps', { count })
  const nextReward = record.next_reward
    ? record.rewards.find((reward) => reward.id === record.next_reward!.reward_id)
    : undefined
  const valueOf = (action: CustomerAction, name: string, stored: string) =>
    form?.action === action ? (form.values[name] ?? '') : stored
  const errorsOf = (action: CustomerAction) => (form?.action === action ? form.errors : undefined)
  const messageOf = (action: CustomerAction) => (form?.action === action ? form.message : null)
  const path = (
    name:
      | 'merchantCustomer'
      | 'merchantCustomerAdjust'
      | 'merchantCustomerReverse'
      | 'merchantCustomerBlock'
      | 'merchantCustomerWelcome'
      | 'merchantCustomerExport'
      | 'merchantCustomerAnonymize',
  ) => urls.path(name, { number })
  const [year, month, day] = (valueOf('contact', 'birthday', c.birthday ?? '') || '--').split('-')
  const anonymized = c.anonymized_at !== null
  return (
    <MerchantLayout
      title={t('customers.card_title', { number: formatCardNumber(number) })}
      current="customers"
      merchantName={props.merchantName}
      user={props.user}
      storeNames={props.storeNames}
    >
      <PageHeader
        title={anonymized ? t('customers.anonymized') : (c.name ?? formatCardNumber(number))}
        lead={t('customers.card_title', { number: formatCardNumber(number) })}
      />
      <p>
        <a href={urls.path('merchantCustomers')}>{t('customers.back')}</a>
      </p>
      {record.status === 'blocked' ? (
        <div className="alert alert--warning" role="status">
          <p>{t('customers.blocked_notice')}</p>
        </div>
      ) : null}
      {props.done ? (
        <div className="alert alert--success" role="status">
          <p>{t(`customers.done.${props.done}`)}</p>
        </div>
      ) : null}
      {!props.may.change ? (
        <div className="alert alert--info" role="status">
          <p>{t('customers.read_only', { stores: props.storeNames.join(', ') })}</p>
        </div>
      ) : null}

      <div className="form-grid">
        <section className="card stack" aria-labelledby="member-title">
          <h2 className="card__title" id="member-title">
            {t('customers.member')}
          </h2>
          <dl className="details">
            <Row label={t('customers.name')} name="name">
              {c.name ?? '—'}
            </Row>
            <Row label={t('customers.email')} name="email">
              {c.email ?? '—'}
            </Row>
            <Row label={t('customers.phone')} name="phone">
              {c.phone ?? '—'}
            </Row>
            <Row label={t('customers.birthday')} name="birthday">
              {c.birthday ? format.date(`${c.birthday}T12:00:00Z`, 'UTC') : '—'}
            </Row>
            <Row label={t('customers.language')} name="language">
              {c.preferred_language ? t(`common:language.${c.preferred_language}`) : '—'}
            </Row>
            <Row label={t('customers.consent')} name="consent">
              {c.marketing_consent ? t('customers.consent_yes') : t('customers.consent_no')}
            </Row>
            <Row label={t('customers.home_store')} name="home_store">
              {record.home_store_name ?? '—'}
            </Row>
            <Row label={t('customers.member_since')}>{format.date(record.created_at)}</Row>
          </dl>
        </section>

        <section className="card stack" aria-labelledby="card-title">
          <h2 className="card__title" id="card-title">
            {t('customers.card')}
          </h2>
          <dl className="details">
            <Row label={t('customers.card')}>
              <code>{formatCardNumber(number)}</code>{' '}
              <span
                className={
                  record.status === 'blocked' ? 'badge badge--danger' : 'badge badge--success'
                }
              >
                {record.status === 'blocked' ? t('customers.blocked') : t('customers.active_card')}
              </span>
            </Row>
            <Row label={t('customers.balance')} name="balance">
              {unit(points ? record.points_balance : record.stamps_balance)}
            </Row>
            <Row label={t('customers.lifetime')} name="lifetime">
              {unit(points ? record.lifetime_points : record.lifetime_stamps)}
            </Row>
            <Row label={t('customers.next_reward')} name="next_reward">
              {nextReward
                ? t('customers.next_reward_missing', {
                    reward: text(nextReward.name),
                    missing: unit(record.next_reward!.missing),
                  })
                : t('customers.no_next_reward')}
            </Row>
            <Row label={t('customers.last_activity')}>
              {format.dateTime(record.last_activity_at)}
            </Row>
            <Row label={t('customers.stores_visited')} name="stores_visited">
              {props.visits.length
                ? props.visits
                    .map((visit) =>
                      t('customers.visits', { store: visit.store_name, count: visit.visits }),
                    )
                    .join(' · ')
                : '—'}
            </Row>
          </dl>
        </section>
      </div>

      <TableCard
        id="history"
        title={t('customers.history')}
        columns={[
          { label: t('customers.when') },
          { label: t('customers.what') },
          { label: t('customers.amount') },
          { label: t('customers.where') },
          { label: t('customers.reason') },
          { label: t('customers.actions'), hidden: true },
        ]}
        empty={props.history.entries.length === 0 ? t('customers.no_history') : null}
      >
        {props.history.entries.map((entry) => {
          const delta = points ? entry.points_delta : entry.stamps_delta
          return (
            <tr key={entry.id} data-entry={entry.id}>
              <td data-label={t('customers.when')}>{format.dateTime(entry.occurred_at)}</td>
              <td data-label={t('customers.what')}>
                <span className="cell-stack">
                  <span>
                    {t(`customers.entry_types.${entry.type}`)}
                    {entry.status === 'reversed' ? ` · ${t('customers.reversed')}` : ''}
                  </span>
                  <span className="muted small">
                    {[
                      entry.category_name ? text(entry.category_name) : null,
                      entry.reward_name ? text(entry.reward_name) : null,
                      entry.amount_cents !== null
                        ? format.money(entry.amount_cents, entry.currency ?? 'EUR')
                        : null,
                    ]
                      .filter(Boolean)
                      .join(' · ')}
                  </span>
                </span>
              </td>
              <td
                data-label={t('customers.amount')}
                className={delta < 0 ? 'num amount--negative' : 'num amount--positive'}
              >
                {delta > 0 ? `+${delta}` : delta}
              </td>
              <td data-label={t('customers.where')}>
                <span className="cell-stack">
                  <span>{entry.store_name ?? '—'}</span>
                  <span className="muted small">
                    {[entry.kiosk_name, entry.staff_name, entry.via_api ? t('customers.api') : null]
                      .filter(Boolean)
                      .join(' · ')}
                  </span>
                </span>
              </td>
              <td data-label={t('customers.reason')}>{entry.reason ?? '—'}</td>
              <td className="table__actions">
                {props.may.change &&
                entry.status === 'applied' &&
                entry.type !== 'reverse' &&
                entry.type !== 'expire' ? (
                  <PostForm action={path('merchantCustomerReverse')} className="form--compact">
                    <input type="hidden" name="entry_id" value={entry.id} />
                    <input type="hidden" name="client_id" value={props.clientId} />
                    <Field
                      id={`reverse-${entry.id}-reason`}
                      name="reason"
                      label={t('customers.reverse_reason')}
                      labelHidden
                      placeholder={t('customers.reverse_reason')}
                      value={
                        form?.action === 'reverse' && form.values.entry_id === entry.id
                          ? (form.values.reason ?? '')
                          : ''
                      }
                      errors={
                        form?.action === 'reverse' && form.values.entry_id === entry.id
                          ? form.errors
                          : undefined
                      }
                    />
                    <button className="button button--secondary button--small">
                      {t('customers.reverse')}
                    </button>
                  </PostForm>
                ) : null}
              </td>
            </tr>
          )
        })}
      </TableCard>
      {props.history.page > 1 || props.history.hasMore ? (
        <nav className="pagination" aria-label={t('customers.pages')}>
          {props.history.page > 1 ? (
            <a
              className="pagination__link"
              href={urls.path(
                'merchantCustomer',
                { number },
                { page: String(props.history.page - 1) },
              )}
            >
              {t('customers.previous')}
            </a>
          ) : null}
          <span className="pagination__summary">
            {t('customers.page', { page: props.history.page })}
          </span>
          {props.history.hasMore ? (
            <a
              className="pagination__link"
              href={urls.path(
                'merchantCustomer',
                { number },
                { page: String(props.history.page + 1) },
              )}
            >
              {t('customers.next')}
            </a>
          ) : null}
        </nav>
      ) : null}
      {messageOf('reverse') ? <ErrorSummary message={messageOf('reverse')} /> : null}

      {props.may.change && !anonymized ? (
        <div className="form-grid">
          <section className="card stack" aria-labelledby="adjust-title">
            <h2 className="card__title" id="adjust-title">
              {t('customers.adjust_title')}
            </h2>
            <PostForm action={path('merchantCustomerAdjust')}>
              <ErrorSummary message={messageOf('adjust')} />
              <input type="hidden" name="client_id" value={props.clientId} />
              <Field
                name="delta"
                type="number"
                label={points ? t('customers.delta_points') : t('customers.delta_stamps')}
                hint={
                  props.adjustmentLimit === null
                    ? t('customers.delta_hint')
                    : t('customers.delta_hint_limit', { limit: props.adjustmentLimit })
                }
                value={valueOf('adjust', 'delta', '')}
                errors={errorsOf('adjust')}
              />
              <Field
                name="reason"
                label={t('customers.reason')}
                value={valueOf('adjust', 'reason', '')}
                errors={errorsOf('adjust')}
              />
              <div className="form__actions">
                <button className="button button--primary">{t('customers.adjust')}</button>
              </div>
            </PostForm>
          </section>

          <section className="card stack" aria-labelledby="block-title">
            <h2 className="card__title" id="block-title">
              {record.status === 'blocked'
                ? t('customers.unblock_title')
                : t('customers.block_title')}
            </h2>
            <p className="muted small">{t('customers.block_lead')}</p>
            <PostForm action={path('merchantCustomerBlock')}>
              <ErrorSummary message={messageOf('block')} />
              <input
                type="hidden"
                name="blocked"
                value={record.status === 'blocked' ? 'false' : 'true'}
              />
              <Field
                id="block-reason"
                name="reason"
                label={t('customers.reason')}
                optional
                value={valueOf('block', 'reason', '')}
              />
              <div className="form__actions">
                <button
                  className={
                    record.status === 'blocked'
                      ? 'button button--secondary'
                      : 'button button--danger'
                  }
                >
                  {record.status === 'blocked' ? t('customers.unblock') : t('customers.block')}
                </button>
              </div>
            </PostForm>
          </section>

          <section className="card stack" aria-labelledby="contact-title">
            <h2 className="card__title" id="contact-title">
              {t('customers.contact_title')}
            </h2>
            <PostForm action={path('merchantCustomer')}>
              <ErrorSummary message={messageOf('contact')} />
              <input
                type="hidden"
                name="version"
                value={valueOf('contact', 'version', String(c.version))}
              />
              <Field
                id="contact-name"
                name="name"
                label={t('customers.name')}
                value={valueOf('contact', 'name', c.name ?? '')}
                errors={errorsOf('contact')}
              />
              <Field
                id="contact-email"
                name="email"
                type="email"
                label={t('customers.email')}
                value={valueOf('contact', 'email', c.email ?? '')}
                errors={errorsOf('contact')}
              />
              <Field
                id="contact-phone"
                name="phone"
                type="tel"
                optional
                label={t('customers.phone')}
                value={valueOf('contact', 'phone', c.phone ?? '')}
                errors={errorsOf('contact')}
              />
              <DateField
                name="birthday"
                optional
                label={t('customers.birthday')}
                value={
                  form?.action === 'contact'
                    ? {
                        day: form.values.birthday_day,
                        month: form.values.birthday_month,
                        year: form.values.birthday_year,
                      }
                    : {
                        day: day ? String(Number(day)) : '',
                        month: month ? String(Number(month)) : '',
                        year,
                      }
                }
                errors={errorsOf('contact')}
              />
              <LanguageSelectField
                name="preferred_language"
                label={t('customers.language')}
                value={valueOf('contact', 'preferred_language', c.preferred_language ?? language)}
                errors={errorsOf('contact')}
              />
              <Checkbox
                name="marketing_consent"
                label={t('customers.consent_label')}
                checked={
                  form?.action === 'contact'
                    ? form.values.marketing_consent === 'yes'
                    : c.marketing_consent
                }
              />
              <div className="form__actions">
                <button className="button button--primary">{t('customers.save_contact')}</button>
              </div>
            </PostForm>
          </section>

          <section className="card stack" aria-labelledby="data-title">
            <h2 className="card__title" id="data-title">
              {t('customers.data_title')}
            </h2>
            <PostForm action={path('merchantCustomerWelcome')}>
              <p className="muted small">{t('customers.welcome_lead')}</p>
              <button className="button button--secondary">{t('customers.resend_welcome')}</button>
            </PostForm>
            <p>
              <a
                className="button button--secondary"
                href={path('merchantCustomerExport')}
                download
              >
                {t('customers.export')}
              </a>
            </p>
            <div className="danger-zone stack">
              <PostForm action={path('merchantCustomerAnonymize')}>
                <ErrorSummary message={messageOf('anonymize')} />
                <p className="muted small">{t('customers.anonymize_lead')}</p>
                <Checkbox
                  name="confirm"
                  label={t('customers.anonymize_confirm')}
                  errors={errorsOf('anonymize')}
                />
                <button className="button button--danger">{t('customers.anonymize')}</button>
              </PostForm>
            </div>
          </section>
        </div>
      ) : null}
    </MerchantLayout>
  )
}
