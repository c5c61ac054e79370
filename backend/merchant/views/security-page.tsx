import { usePage } from '../../web/pages/page.tsx'
import { ErrorSummary, PostForm } from '../../web/pages/form.tsx'
import { PageHeader } from '../../web/pages/staff-layout.tsx'
import type { SessionMerchantUser } from '../../accounts/accounts.ts'
import type { SecondFactorState } from '../../accounts/second-factor.ts'
import {
  CodeField,
  RecoveryCodesPanel,
  TotpEnrolmentForm,
} from '../../platform/views/second-factor-parts.tsx'
import { MerchantLayout } from './merchant-layout.tsx'

/**
 * The signed-in user's own sign-in security: two-step verification on (with the codes left, and
 * a form to turn it off with a code) or off (the enrolment: QR code, key, first code). Right after
 * enrolment: the recovery codes, once.
 */
export const SecurityPage = (props: {
  merchantName: string
  storeNames: string[]
  user: Pick<SessionMerchantUser, 'name' | 'role' | 'storeIds'>
  state: SecondFactorState
  enrolment?: { qrSvg: string; secret: string }
  recoveryCodes?: string[]
  error?: string | null
  done?: 'disabled'
}) => {
  const { t, urls } = usePage()
  return (
    <MerchantLayout
      title={t('security.title')}
      current="security"
      merchantName={props.merchantName}
      user={props.user}
      storeNames={props.storeNames}
    >
      <PageHeader title={t('security.title')} lead={t('security.lead')} />
      {props.done ? (
        <div className="alert alert--success" role="status">
          <p>{t('security.done_disabled')}</p>
        </div>
      ) : null}
      {props.recoveryCodes ? (
        <>
          <div className="alert alert--success" role="status">
            <p>{t('auth:second_factor.enabled_title')}</p>
          </div>
          <RecoveryCodesPanel
            codes={props.recoveryCodes}
            continueHref={urls.path('merchantSecurity')}
          />
        </>
      ) : props.state.enabled ? (
        <section className="card" aria-labelledby="totp-on">
          <h2 className="card__title" id="totp-on">
            {t('security.on_title')}
          </h2>
          <p>{t('security.on_lead', { count: props.state.recoveryCodesLeft })}</p>
          <PostForm action={urls.path('merchantSecurity')} className="form">
            <ErrorSummary message={props.error} />
            <input type="hidden" name="action" value="disable" />
            <CodeField />
            <div className="form__actions">
              <button className="button button--danger">{t('security.disable')}</button>
            </div>
          </PostForm>
        </section>
      ) : props.enrolment ? (
        <section aria-labelledby="totp-off">
          <h2 className="card__title" id="totp-off">
            {t('security.off_title')}
          </h2>
          <p>{t('security.off_lead')}</p>
          <TotpEnrolmentForm
            action={urls.path('merchantSecurity')}
            qrSvg={props.enrolment.qrSvg}
            secret={props.enrolment.secret}
            error={props.error}
            hidden={{ action: 'enable' }}
            submit={t('security.enable')}
          />
        </section>
      ) : null}
    </MerchantLayout>
  )
}
