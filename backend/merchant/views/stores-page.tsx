import type { StoreDetail } from '../../../shared/schemas/store-api.ts'
import type { SessionMerchantUser } from '../../accounts/accounts.ts'
import { usePage } from '../../web/pages/page.tsx'
import { PageHeader } from '../../web/pages/staff-layout.tsx'
import { TableCard } from '../../web/pages/table-card.tsx'
import { MerchantLayout } from './merchant-layout.tsx'

/** A store's colour as a small swatch with its value (or a dash for the platform's colour). */
export const ColourSwatch = ({ colour }: { colour: string | null }) =>
  colour ? (
    <span className="swatch">
      <span className="swatch__chip" style={{ backgroundColor: colour }} aria-hidden="true" />
      <code>{colour}</code>
    </span>
  ) : (
    <span className="muted">{'—'}</span>
  )

const addressOf = (store: StoreDetail) =>
  [
    store.address_line1,
    store.address_line2,
    [store.postal_code, store.city].filter(Boolean).join(' '),
  ]
    .filter(Boolean)
    .join(', ')

/**
 * The merchant's stores (/merchant/stores): each with its logo, name, address, phone, language
 * and colour, and a link to its edit form. A store manager sees their stores only.
 */
export const MerchantStoresPage = (props: {
  merchantName: string
  user: Pick<SessionMerchantUser, 'name' | 'role' | 'storeIds'>
  storeNames: string[]
  stores: StoreDetail[]
  /** The store just saved (the success message after a redirect). */
  saved: StoreDetail | null
}) => {
  const { t, urls } = usePage()
  return (
    <MerchantLayout
      title={t('store_settings.title')}
      current="stores"
      merchantName={props.merchantName}
      user={props.user}
      storeNames={props.storeNames}
    >
      <PageHeader title={t('store_settings.title')} lead={t('store_settings.lead')} />
      {props.user.storeIds ? (
        <div className="alert alert--info" role="status">
          <p>{t('store_settings.scoped', { stores: props.storeNames.join(', ') })}</p>
        </div>
      ) : null}
      {props.saved ? (
        <div className="alert alert--success" role="status">
          <p>{t('store_settings.saved', { store: props.saved.name })}</p>
        </div>
      ) : null}
      <TableCard
        id="stores"
        title={t('store_settings.list_title')}
        columns={[
          { label: t('store_settings.store') },
          { label: t('store_settings.address') },
          { label: t('store_settings.phone') },
          { label: t('store_settings.default_language') },
          { label: t('store_settings.brand_color') },
          { label: t('store_settings.actions'), hidden: true },
        ]}
        empty={props.stores.length === 0 ? t('store_settings.empty') : null}
      >
        {props.stores.map((store) => (
          <tr key={store.id} data-store={store.code}>
            <td data-label={t('store_settings.store')}>
              <span className="store-name">
                {store.logo_url ? (
                  <img className="store-name__logo" src={store.logo_url} alt="" />
                ) : null}
                <span>
                  <strong>{store.name}</strong>
                  <br />
                  <span className="muted small">
                    {store.code}
                    {store.active ? '' : ` · ${t('stores.inactive')}`}
                  </span>
                </span>
              </span>
            </td>
            <td data-label={t('store_settings.address')}>{addressOf(store) || '—'}</td>
            <td data-label={t('store_settings.phone')}>
              <span className="store-phone">{store.phone ?? '—'}</span>
            </td>
            <td data-label={t('store_settings.default_language')}>
              {t(`common:language.${store.default_language}`)}
            </td>
            <td data-label={t('store_settings.brand_color')}>
              <ColourSwatch colour={store.brand_color} />
            </td>
            <td className="table__actions">
              <a
                className="button button--secondary button--small"
                href={urls.path('merchantStore', { id: store.id })}
                aria-label={t('store_settings.edit_named', { store: store.name })}
              >
                {t('store_settings.edit')}
              </a>
            </td>
          </tr>
        ))}
      </TableCard>
    </MerchantLayout>
  )
}
