import type { SessionAdmin } from '../../accounts/accounts.ts'
import type { PlatformRow } from '../../tenancy/models.ts'
import { ErrorSummary, Field, LanguageSelectField, PostForm } from '../../web/pages/form.tsx'
import { usePage } from '../../web/pages/page.tsx'
import { PageHeader } from '../../web/pages/staff-layout.tsx'
import { AdminLayout } from './admin-layout.tsx'
import { valueOf, type AdminFormState } from './back-office-form.ts'

const PlatformForm = (props: { platform?: PlatformRow; form?: AdminFormState }) => {
  const { t, urls } = usePage()
  const p = props.platform
  const v = (name: string, stored: string) => valueOf(props.form, name, stored)
  const errors = props.form?.errors
  const id = p ? `platform-${p.id}` : 'platform-new'
  return (
    <PostForm action={urls.path('adminPlatforms')} className="form">
      <ErrorSummary message={props.form?.message} />
      {p ? <input type="hidden" name="id" value={p.id} /> : null}
      {p ? <input type="hidden" name="version" value={p.version} /> : null}
      <div className="stack--lg">
        <Field
          id={`${id}-name`}
          name="name"
          label={t('back_office:platforms.name')}
          value={v('name', p?.name ?? '')}
          errors={errors}
        />
        <Field
          id={`${id}-base_domain`}
          name="base_domain"
          label={t('back_office:platforms.base_domain')}
          hint={t('back_office:platforms.base_domain_hint')}
          value={v('base_domain', p?.base_domain ?? '')}
          errors={errors}
        />
        <LanguageSelectField
          id={`${id}-default_language`}
          name="default_language"
          label={t('back_office:platforms.language')}
          value={v('default_language', p?.default_language ?? 'en')}
          errors={errors}
        />
        <Field
          id={`${id}-support_email`}
          name="support_email"
          type="email"
          optional
          label={t('back_office:platforms.support_email')}
          value={v('support_email', p?.support_email ?? '')}
          errors={errors}
        />
        <Field
          id={`${id}-sender_name`}
          name="sender_name"
          optional
          label={t('back_office:platforms.sender_name')}
          value={v('sender_name', p?.sender_name ?? '')}
          errors={errors}
        />
      </div>
      <div className="form__actions">
        <button className="button button--primary">
          {p ? t('back_office:platforms.save') : t('back_office:platforms.create')}
        </button>
      </div>
    </PostForm>
  )
}

/** The platforms (usually one): each one's form, and a form for another. */
export const PlatformsPage = (props: {
  admin: Pick<SessionAdmin, 'name' | 'email'>
  platforms: PlatformRow[]
  done?: string | undefined
  /** A refused form: of the platform `id`, or of a new one (`id` null). */
  form?: AdminFormState & { id: string | null }
}) => {
  const { t } = usePage()
  const formOf = (id: string | null) =>
    props.form && props.form.id === id ? props.form : undefined
  return (
    <AdminLayout title={t('back_office:platforms.title')} current="platforms" admin={props.admin}>
      <PageHeader title={t('back_office:platforms.title')} lead={t('back_office:platforms.lead')} />
      {props.done ? (
        <div className="alert alert--success" role="status">
          <p>{t(`back_office:done.${props.done as 'saved'}`)}</p>
        </div>
      ) : null}
      {props.platforms.map((p) => (
        <section
          key={p.id}
          className="card card--narrow stack"
          aria-labelledby={`platform-${p.id}-title`}
        >
          <h2 className="card__title" id={`platform-${p.id}-title`}>
            {p.name}
          </h2>
          <PlatformForm platform={p} form={formOf(p.id)} />
        </section>
      ))}
      <section className="card card--narrow stack" aria-labelledby="platform-new-title">
        <h2 className="card__title" id="platform-new-title">
          {t('back_office:platforms.create_title')}
        </h2>
        <PlatformForm form={formOf(null)} />
      </section>
    </AdminLayout>
  )
}
