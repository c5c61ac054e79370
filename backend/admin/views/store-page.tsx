import type { SessionAdmin } from '../../accounts/accounts.ts'
import type { DomainCheck } from '../../tenancy/domain-check.ts'
import { ErrorSummary, PostForm } from '../../web/pages/form.tsx'
import { usePage } from '../../web/pages/page.tsx'
import { PageHeader } from '../../web/pages/staff-layout.tsx'
import type { AdminStoreItem } from '../queries/back-office.ts'
import { AdminLayout } from './admin-layout.tsx'
import type { AdminFormState } from './back-office-form.ts'
import { StoreFields } from './store-fields.tsx'

/** A store's codes and addresses for the admin: edit, check the custom domain, close or reopen. */
export const StorePage = (props: {
  admin: Pick<SessionAdmin, 'name' | 'email'>
  merchant: { id: string; name: string; baseDomain: string }
  store: AdminStoreItem
  done?: string | undefined
  check?: DomainCheck | undefined
  form?: AdminFormState
  openForm?: AdminFormState
}) => {
  const { t, urls } = usePage()
  const { store, merchant } = props
  const path = urls.path('adminStore', { id: store.id })
  return (
    <AdminLayout title={store.name} current="merchants" admin={props.admin}>
      <PageHeader
        title={store.name}
        lead={`${store.code} · ${merchant.name}`}
        back={{ href: urls.path('adminMerchant', { id: merchant.id }), label: merchant.name }}
      />
      {props.done ? (
        <div className="alert alert--success" role="status">
          <p>{t(`back_office:done.${props.done as 'saved'}`)}</p>
        </div>
      ) : null}
      {store.active ? null : (
        <div className="alert alert--warning" role="status">
          <p>{t('back_office:stores.closed_notice')}</p>
        </div>
      )}
      {store.customDomain ? (
        <section className="card stack" aria-labelledby="dns-title">
          <h2 className="card__title" id="dns-title">
            {t('back_office:dns.title', { host: store.customDomain })}
          </h2>
          {props.check ? (
            <div
              className={`alert ${props.check.pointsAtPlatform ? 'alert--success' : 'alert--warning'}`}
              role="status"
            >
              <p>
                {props.check.addresses.length === 0
                  ? t('back_office:dns.no_address', { host: props.check.host })
                  : t('back_office:dns.resolves', {
                      host: props.check.host,
                      addresses: props.check.addresses.join(', '),
                    })}
              </p>
              <p>
                {props.check.pointsAtPlatform
                  ? t('back_office:dns.points_here')
                  : t('back_office:dns.points_elsewhere', {
                      domain: merchant.baseDomain,
                      addresses: props.check.platformAddresses.join(', ') || '—',
                    })}
              </p>
            </div>
          ) : (
            <p className="muted small">{t('back_office:dns.lead')}</p>
          )}
          <form method="get" action={path}>
            <input type="hidden" name="check" value="dns" />
            <button className="button">{t('back_office:dns.run')}</button>
          </form>
        </section>
      ) : null}
      <section className="card card--narrow stack" aria-labelledby="store-edit-title">
        <h2 className="card__title" id="store-edit-title">
          {t('back_office:stores.edit_title')}
        </h2>
        <PostForm action={path} className="form">
          <ErrorSummary message={props.form?.message} />
          <input type="hidden" name="version" value={store.version} />
          <StoreFields store={store} baseDomain={merchant.baseDomain} form={props.form} />
          <div className="form__actions">
            <button className="button button--primary">{t('back_office:stores.save')}</button>
          </div>
        </PostForm>
      </section>
      <section className="card card--narrow stack" aria-labelledby="store-open-title">
        <h2 className="card__title" id="store-open-title">
          {store.active
            ? t('back_office:stores.close_title')
            : t('back_office:stores.reopen_title')}
        </h2>
        <p className="muted small">
          {store.active ? t('back_office:stores.close_lead') : t('back_office:stores.reopen_lead')}
        </p>
        <PostForm action={urls.path('adminStoreOpen', { id: store.id })} className="form">
          <ErrorSummary message={props.openForm?.message} />
          <input type="hidden" name="version" value={store.version} />
          <input type="hidden" name="open" value={store.active ? 'no' : 'yes'} />
          <div className="form__actions">
            <button className={`button ${store.active ? 'button--danger' : 'button--primary'}`}>
              {store.active ? t('back_office:stores.close') : t('back_office:stores.reopen')}
            </button>
          </div>
        </PostForm>
      </section>
    </AdminLayout>
  )
}
