import { usePage } from '../../web/pages/page.tsx'
import { Checkbox, ErrorSummary, Field, PostForm, type FieldErrors } from '../../web/pages/form.tsx'
import { PageHeader } from '../../web/pages/staff-layout.tsx'
import { TableCard } from '../../web/pages/table-card.tsx'
import type { SessionMerchantUser } from '../../accounts/accounts.ts'
import { WEBHOOK_EVENTS } from '../../../shared/webhook-events.ts'
import type { CreatedWebhookEndpoint } from '../../webhooks/commands/manage-webhook-endpoints.ts'
import type {
  ListedWebhookEndpoint,
  WebhookDelivery,
} from '../../webhooks/queries/webhook-endpoints.ts'
import { MerchantLayout } from './merchant-layout.tsx'

/** An endpoint form after a refusal: what was typed and each field's problem. */
export type WebhookFormState = {
  url?: string
  events?: readonly string[]
  active?: boolean
  errors?: FieldErrors
}

type User = Pick<SessionMerchantUser, 'name' | 'role' | 'storeIds'>

const EventChoices = (props: { idPrefix: string; chosen: readonly string[]; error?: string }) => {
  const { t } = usePage()
  const errorId = `${props.idPrefix}events-error`
  return (
    <fieldset className="field" aria-describedby={props.error ? errorId : undefined}>
      <legend className="field__label">{t('webhooks:events')}</legend>
      {WEBHOOK_EVENTS.map((event) => {
        const id = `${props.idPrefix}event-${event.replace('.', '-')}`
        return (
          <label className="choice" key={event} htmlFor={id}>
            <input
              className="choice__input"
              type="checkbox"
              id={id}
              name="events"
              value={event}
              defaultChecked={props.chosen.includes(event)}
              aria-invalid={props.error ? true : undefined}
            />{' '}
            <span className="choice__label">
              <code>{event}</code> — {t(`webhooks:event.${event}`)}
            </span>
          </label>
        )
      })}
      {props.error ? (
        <p className="field__error" id={errorId}>
          {props.error}
        </p>
      ) : null}
    </fieldset>
  )
}

const Status = ({ endpoint }: { endpoint: ListedWebhookEndpoint }) => {
  const { t, format } = usePage()
  if (!endpoint.active)
    return (
      <span className="cell-stack">
        <span className="badge">{t('webhooks:inactive')}</span>
        {endpoint.disabledAt ? (
          <span className="muted small">
            {t('webhooks:disabled_at', { at: format.dateTime(endpoint.disabledAt) })}
          </span>
        ) : null}
      </span>
    )
  return (
    <span className="cell-stack">
      <span className="badge badge--success">{t('webhooks:active')}</span>
      {endpoint.failingSince ? (
        <span className="muted small">
          {t('webhooks:failing_since', { at: format.dateTime(endpoint.failingSince) })}
        </span>
      ) : null}
    </span>
  )
}

const EndpointRow = ({ endpoint }: { endpoint: ListedWebhookEndpoint }) => {
  const { t, format, urls } = usePage()
  return (
    <tr data-webhook={endpoint.id} className={endpoint.active ? undefined : 'muted'}>
      <td data-label={t('webhooks:url')}>
        <span className="cell-stack">
          <a href={urls.path('merchantWebhook', { id: endpoint.id })}>
            <strong className="break-all">{endpoint.url}</strong>
          </a>
          <code className="small">{endpoint.secretPrefix}…</code>
        </span>
      </td>
      <td data-label={t('webhooks:events')}>
        <span className="cell-stack small">
          {endpoint.events.map((event) => (
            <code key={event}>{event}</code>
          ))}
        </span>
      </td>
      <td data-label={t('webhooks:status')}>
        <Status endpoint={endpoint} />
      </td>
      <td data-label={t('webhooks:last_day')}>
        <span className="cell-stack small">
          <span>
            {t('webhooks:count.succeeded', { n: format.number(endpoint.recent.succeeded) })}
          </span>
          <span>{t('webhooks:count.failed', { n: format.number(endpoint.recent.failed) })}</span>
          <span>{t('webhooks:count.pending', { n: format.number(endpoint.recent.pending) })}</span>
        </span>
      </td>
      <td className="table__actions">
        <a
          className="button button--secondary button--small"
          href={urls.path('merchantWebhook', { id: endpoint.id })}
          aria-label={t('webhooks:open_named', { url: endpoint.url })}
        >
          {t('webhooks:open')}
        </a>
      </td>
    </tr>
  )
}

/** The endpoint just created, with its secret: on this one answer only, never again. */
const NewSecretCard = ({ created }: { created: CreatedWebhookEndpoint }) => {
  const { t } = usePage()
  return (
    <section className="card" aria-labelledby="new-secret-title" id="new-secret">
      <h2 className="card__title" id="new-secret-title">
        {t('webhooks:new_title')}
      </h2>
      <div className="stack">
        <p className="break-all">{t('webhooks:new_lead', { url: created.url })}</p>
        <div className="secret api-key-token">
          <p className="secret__value">
            <span className="visually-hidden">{t('webhooks:secret')} </span>
            <code id="webhook-secret" data-webhook-secret>
              {created.secret}
            </code>
          </p>
          <button
            className="button button--secondary button--small"
            hidden
            data-copy-from="webhook-secret"
            data-copied-label={t('webhooks:copied')}
          >
            {t('webhooks:copy')}
          </button>
        </div>
        <p className="muted small">{t('webhooks:new_hint')}</p>
      </div>
    </section>
  )
}

const CreateForm = ({ state }: { state: WebhookFormState }) => {
  const { t, urls } = usePage()
  return (
    <section className="card" aria-labelledby="create-title" id="create">
      <h2 className="card__title" id="create-title">
        {t('webhooks:create_title')}
      </h2>
      <p className="muted">{t('webhooks:create_lead')}</p>
      <PostForm action={urls.path('merchantWebhooks')} className="form">
        <ErrorSummary message={state.errors ? t('webhooks:errors.summary') : null} />
        <Field
          name="url"
          type="url"
          label={t('webhooks:url')}
          hint={t('webhooks:url_hint')}
          value={state.url}
          errors={state.errors}
          autoComplete="off"
          required
        />
        <EventChoices idPrefix="new-" chosen={state.events ?? []} error={state.errors?.events} />
        <div className="form__actions">
          <button className="button button--primary">{t('webhooks:create_submit')}</button>
        </div>
      </PostForm>
    </section>
  )
}

/**
 * The merchant's webhook endpoints (owners only, docs/webhooks.md): each with its events,
 * status and last day's deliveries; a new endpoint's signing secret shown once on the answer.
 */
export const MerchantWebhooksPage = (props: {
  merchantName: string
  user: User
  endpoints: ListedWebhookEndpoint[]
  created?: CreatedWebhookEndpoint
  create?: WebhookFormState
}) => {
  const { t } = usePage()
  return (
    <MerchantLayout
      title={t('webhooks:title')}
      current="webhooks"
      merchantName={props.merchantName}
      user={props.user}
      storeNames={[]}
    >
      <PageHeader title={t('webhooks:title')} lead={t('webhooks:lead')} />
      {props.created ? <NewSecretCard created={props.created} /> : null}
      <TableCard
        id="endpoints"
        title={t('webhooks:list_title')}
        columns={[
          { label: t('webhooks:url') },
          { label: t('webhooks:events') },
          { label: t('webhooks:status') },
          { label: t('webhooks:last_day') },
          { label: t('webhooks:actions'), hidden: true },
        ]}
        empty={props.endpoints.length === 0 ? t('webhooks:empty') : null}
      >
        {props.endpoints.map((endpoint) => (
          <EndpointRow key={endpoint.id} endpoint={endpoint} />
        ))}
      </TableCard>
      <CreateForm state={props.create ?? {}} />
    </MerchantLayout>
  )
}

const DeliveryRow = ({
  endpointId,
  delivery,
}: {
  endpointId: string
  delivery: WebhookDelivery
}) => {
  const { t, format, urls } = usePage()
  return (
    <tr data-delivery={delivery.id}>
      <td data-label={t('webhooks:delivery')}>
        <span className="cell-stack">
          <code>{delivery.event}</code>
          <code className="small muted break-all">{delivery.id}</code>
          <span className="muted small">{format.dateTime(delivery.createdAt)}</span>
        </span>
      </td>
      <td data-label={t('webhooks:status')}>
        <span className={delivery.status === 'succeeded' ? 'badge badge--success' : 'badge'}>
          {t(`webhooks:delivery_status.${delivery.status}`)}
        </span>
      </td>
      <td data-label={t('webhooks:attempts')}>
        {delivery.attempts.length === 0 ? (
          <span className="muted small">{t('webhooks:no_attempt')}</span>
        ) : (
          <ol className="attempts small">
            {delivery.attempts.map((attempt, index) => (
              <li key={index}>
                <span className="cell-stack">
                  <span>
                    {format.dateTime(attempt.attemptedAt)} —{' '}
                    <strong>
                      {attempt.statusCode !== null
                        ? t('webhooks:http_status', { status: attempt.statusCode })
                        : t('webhooks:no_answer')}
                    </strong>{' '}
                    · {t('webhooks:duration', { ms: format.number(attempt.durationMs) })}
                    {attempt.replay ? ` · ${t('webhooks:replayed')}` : ''}
                  </span>
                  {/* "HTTP 500" is the status already shown; a timeout or a refusal is not. */}
                  {attempt.error && attempt.error !== `HTTP ${attempt.statusCode}` ? (
                    <span className="muted">{attempt.error}</span>
                  ) : null}
                  {attempt.responseExcerpt ? (
                    <code className="muted break-all">{attempt.responseExcerpt}</code>
                  ) : null}
                </span>
              </li>
            ))}
          </ol>
        )}
      </td>
      <td className="table__actions">
        <PostForm
          action={urls.path('merchantWebhookReplay', { id: endpointId })}
          className="form--compact"
        >
          <input type="hidden" name="delivery" value={delivery.id} />
          <button
            className="button button--secondary button--small"
            aria-label={t('webhooks:replay_named', { event: delivery.event, id: delivery.id })}
          >
            {t('webhooks:replay')}
          </button>
        </PostForm>
      </td>
    </tr>
  )
}

/** One endpoint: its form (URL, events, active) and its delivery log with replay. */
export const MerchantWebhookPage = (props: {
  merchantName: string
  user: User
  endpoint: ListedWebhookEndpoint
  deliveries: WebhookDelivery[]
  edit?: WebhookFormState & { message?: string }
  done?: 'saved' | 'replayed' | null
}) => {
  const { t, urls } = usePage()
  const { endpoint } = props
  const edit = props.edit ?? {}
  return (
    <MerchantLayout
      title={t('webhooks:endpoint_title')}
      current="webhooks"
      merchantName={props.merchantName}
      user={props.user}
      storeNames={[]}
    >
      <PageHeader title={t('webhooks:endpoint_title')} lead={endpoint.url} />
      <p>
        <a href={urls.path('merchantWebhooks')}>{t('webhooks:back')}</a>
      </p>
      {props.done ? (
        <div className="alert alert--success" role="status">
          <p>{t(`webhooks:done.${props.done}`)}</p>
        </div>
      ) : null}
      <section className="card" aria-labelledby="edit-title" id="edit">
        <h2 className="card__title" id="edit-title">
          {t('webhooks:edit_title')}
        </h2>
        <PostForm action={urls.path('merchantWebhook', { id: endpoint.id })} className="form">
          <ErrorSummary
            message={edit.message ?? (edit.errors ? t('webhooks:errors.summary') : null)}
          />
          <input type="hidden" name="version" value={endpoint.version} />
          <Field
            name="url"
            type="url"
            label={t('webhooks:url')}
            hint={t('webhooks:url_hint')}
            value={edit.url ?? endpoint.url}
            errors={edit.errors}
            autoComplete="off"
            required
          />
          <EventChoices
            idPrefix="edit-"
            chosen={edit.events ?? endpoint.events}
            error={edit.errors?.events}
          />
          <Checkbox
            name="active"
            label={t('webhooks:active_label')}
            checked={edit.active ?? endpoint.active}
          />
          <p className="muted small">
            {t('webhooks:secret_prefix', { prefix: endpoint.secretPrefix })}
          </p>
          <div className="form__actions">
            <button className="button button--primary">{t('webhooks:save')}</button>
          </div>
        </PostForm>
      </section>
      <TableCard
        id="deliveries"
        title={t('webhooks:log_title')}
        lead={t('webhooks:log_lead')}
        columns={[
          { label: t('webhooks:delivery') },
          { label: t('webhooks:status') },
          { label: t('webhooks:attempts') },
          { label: t('webhooks:actions'), hidden: true },
        ]}
        empty={props.deliveries.length === 0 ? t('webhooks:log_empty') : null}
      >
        {props.deliveries.map((delivery) => (
          <DeliveryRow key={delivery.id} endpointId={endpoint.id} delivery={delivery} />
        ))}
      </TableCard>
    </MerchantLayout>
  )
}
