import { usePage } from '../../web/pages/page.tsx'
import { ErrorSummary, Field, PostForm, type FieldErrors } from '../../web/pages/form.tsx'
import { PageHeader } from '../../web/pages/staff-layout.tsx'
import { TableCard } from '../../web/pages/table-card.tsx'
import type { SessionMerchantUser } from '../../accounts/accounts.ts'
import type { CreatedApiKey } from '../../api-keys/api-keys.ts'
import type { ListedApiKey } from '../../api-keys/queries/list-api-keys.ts'
import { MerchantLayout } from './merchant-layout.tsx'

/** The create form after a refusal: what was typed and its problem. */
export type ApiKeyFormState = { name?: string; errors?: FieldErrors }

const KeyRow = ({ apiKey }: { apiKey: ListedApiKey }) => {
  const { t, format, urls } = usePage()
  return (
    <tr data-api-key={apiKey.id} className={apiKey.revokedAt ? 'muted' : undefined}>
      <td data-label={t('api_keys.name')}>
        <span className="cell-stack">
          <strong>{apiKey.name}</strong>
          <code className="small">{apiKey.tokenPrefix}…</code>
        </span>
      </td>
      <td data-label={t('api_keys.created')}>
        <span className="cell-stack">
          <span>{format.dateTime(apiKey.createdAt)}</span>
          <span className="muted small">
            {apiKey.createdBy
              ? t('api_keys.created_by', { name: apiKey.createdBy })
              : t('api_keys.created_by_cli')}
          </span>
        </span>
      </td>
      <td data-label={t('api_keys.last_used')}>
        {apiKey.lastUsedAt ? format.dateTime(apiKey.lastUsedAt) : t('api_keys.never_used')}
      </td>
      <td data-label={t('api_keys.status')}>
        {apiKey.revokedAt ? (
          <span className="cell-stack">
            <span className="badge">{t('api_keys.revoked')}</span>
            <span className="muted small">{format.dateTime(apiKey.revokedAt)}</span>
          </span>
        ) : (
          <span className="badge badge--success">{t('api_keys.active')}</span>
        )}
      </td>
      <td className="table__actions">
        {apiKey.revokedAt ? null : (
          <PostForm action={urls.path('merchantApiKeyRevoke')} className="form--compact">
            <input type="hidden" name="key" value={apiKey.id} />
            <button
              className="button button--danger button--small"
              aria-label={t('api_keys.revoke_named', { name: apiKey.name })}
              data-confirm={t('api_keys.revoke_confirm', { name: apiKey.name })}
              data-confirm-ok={t('api_keys.revoke')}
              data-confirm-cancel={t('api_keys.cancel')}
            >
              {t('api_keys.revoke')}
            </button>
          </PostForm>
        )}
      </td>
    </tr>
  )
}

/** The key just created, with its token: on this one answer only, never again. */
const NewKeyCard = ({ created }: { created: CreatedApiKey }) => {
  const { t } = usePage()
  return (
    <section className="card" aria-labelledby="new-key-title" id="new-key">
      <h2 className="card__title" id="new-key-title">
        {t('api_keys.new_title', { name: created.name })}
      </h2>
      <div className="stack">
        <p>{t('api_keys.new_lead')}</p>
        <div className="secret api-key-token">
          <p className="secret__value">
            <span className="visually-hidden">{t('api_keys.token_label')} </span>
            <code id="api-key-token" data-api-key-token>
              {created.token}
            </code>
          </p>
          <button
            className="button button--secondary button--small"
            hidden
            data-copy-from="api-key-token"
            data-copied-label={t('api_keys.copied')}
          >
            {t('api_keys.copy')}
          </button>
        </div>
        <p className="muted small">{t('api_keys.new_hint')}</p>
      </div>
    </section>
  )
}

const CreateForm = ({ state }: { state: ApiKeyFormState }) => {
  const { t, urls } = usePage()
  return (
    <section className="card" aria-labelledby="create-title" id="create">
      <h2 className="card__title" id="create-title">
        {t('api_keys.create_title')}
      </h2>
      <p className="muted">{t('api_keys.create_lead')}</p>
      <PostForm action={urls.path('merchantApiKeys')} className="form">
        <ErrorSummary message={state.errors ? t('api_keys.errors.summary') : null} />
        <Field
          name="name"
          label={t('api_keys.name')}
          hint={t('api_keys.name_hint')}
          value={state.name}
          errors={state.errors}
          autoComplete="off"
          required
        />
        <div className="form__actions">
          <button className="button button--primary">{t('api_keys.create_submit')}</button>
        </div>
      </PostForm>
    </section>
  )
}

/**
 * The merchant's API keys (owners only, docs/architecture.md, Team and API keys): each with
 * who made it, when it was last used and whether it is revoked; revoke; create, the new
 * token shown once on the answer to the form.
 */
export const MerchantApiKeysPage = (props: {
  merchantName: string
  user: Pick<SessionMerchantUser, 'name' | 'role' | 'storeIds'>
  keys: ListedApiKey[]
  created?: CreatedApiKey
  create?: ApiKeyFormState
  revoked?: boolean
}) => {
  const { t } = usePage()
  return (
    <MerchantLayout
      title={t('api_keys.title')}
      current="api_keys"
      merchantName={props.merchantName}
      user={props.user}
      storeNames={[]}
    >
      <PageHeader title={t('api_keys.title')} lead={t('api_keys.lead')} />
      {props.revoked ? (
        <div className="alert alert--success" role="status">
          <p>{t('api_keys.done_revoked')}</p>
        </div>
      ) : null}
      {props.created ? <NewKeyCard created={props.created} /> : null}
      <TableCard
        id="keys"
        title={t('api_keys.list_title')}
        columns={[
          { label: t('api_keys.name') },
          { label: t('api_keys.created') },
          { label: t('api_keys.last_used') },
          { label: t('api_keys.status') },
          { label: t('api_keys.actions'), hidden: true },
        ]}
        empty={props.keys.length === 0 ? t('api_keys.empty') : null}
      >
        {props.keys.map((key) => (
          <KeyRow key={key.id} apiKey={key} />
        ))}
      </TableCard>
      <CreateForm state={props.create ?? {}} />
    </MerchantLayout>
  )
}
