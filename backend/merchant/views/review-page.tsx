import { formatCardNumber } from '../../../shared/card-number.ts'
import { isErrorCode } from '../../../shared/errors.ts'
import { localize } from '../../../shared/languages.ts'
import type { ReviewItem, ReviewListQuery } from '../../../shared/schemas/review-api.ts'
import type { SessionMerchantUser } from '../../accounts/accounts.ts'
import { errorMessage } from '../../i18n/error-message.ts'
import { ErrorSummary, PostForm, TextAreaField } from '../../web/pages/form.tsx'
import { usePage } from '../../web/pages/page.tsx'
import { Pagination } from '../../web/pages/pagination.tsx'
import { PageHeader } from '../../web/pages/staff-layout.tsx'
import { StatusTabs } from '../../web/pages/status-tabs.tsx'
import type { FormState } from './programme-page.tsx'
import { MerchantLayout } from './merchant-layout.tsx'
import { AgeText } from './age-text.tsx'

export const REVIEW_NOTICES = ['applied', 'dismissed'] as const
export type ReviewNotice = (typeof REVIEW_NOTICES)[number]

const OPERATION_TYPES = ['enroll', 'earn', 'stamp', 'redeem', 'reverse'] as const

export type ReviewPageProps = {
  merchantName: string
  storeNames: string[]
  user: Pick<SessionMerchantUser, 'name' | 'role' | 'storeIds'>
  query: ReviewListQuery
  items: ReviewItem[]
  total: number
  totalPages: number
  waiting: number
  oldestWaitingAt: string | null
  now: Date
  notice: ReviewNotice | null
  /** A refused decision: the item it was about, the typed values and the messages. */
  form?: FormState & { itemId: string }
}

/** What the kiosk did, in a line: the operation and its amount, stamps or reward. */
const OperationText = ({ item }: { item: ReviewItem }) => {
  const { t, format, language } = usePage()
  const known = OPERATION_TYPES.find((type) => type === item.type)
  const type = known ? t(`operation_types.${known}`) : item.type
  const op = item.operation
  const detail =
    item.type === 'earn' && typeof op.amount_cents === 'number'
      ? t('review_page.purchase', { amount: format.money(op.amount_cents, item.store_currency) })
      : item.type === 'stamp' && typeof op.count === 'number'
        ? t('review_page.stamps', { count: op.count })
        : item.type === 'redeem'
          ? item.reward_name
            ? t('review_page.reward', {
                name: localize(item.reward_name, language),
                cost: format.number(item.reward_cost ?? 0),
              })
            : t('review_page.reward_unknown')
          : item.type === 'enroll' && typeof op.email === 'string'
            ? op.email
            : item.type === 'reverse' && typeof op.reason === 'string'
              ? op.reason
              : null
  return (
    <>
      <strong>{type}</strong>
      {detail ? <> · {detail}</> : null}
    </>
  )
}

const Facts = ({ item, now }: { item: ReviewItem; now: Date }) => {
  const { t, format, language } = usePage()
  return (
    <dl className="details">
      <div className="details__row">
        <dt>{t('review_page.kiosk')}</dt>
        <dd>
          {item.kiosk_name} <span className="muted small">· {item.store_name}</span>
        </dd>
      </div>
      <div className="details__row">
        <dt>{t('review_page.cashier')}</dt>
        <dd>{item.staff_name ?? t('review_page.no_cashier')}</dd>
      </div>
      <div className="details__row">
        <dt>{t('review_page.time')}</dt>
        <dd>
          <time dateTime={item.occurred_at}>{format.dateTime(item.occurred_at)}</time>{' '}
          <span className="muted small">
            (<AgeText from={item.occurred_at} now={now} />)
          </span>
        </dd>
      </div>
      <div className="details__row">
        <dt>{t('review_page.card')}</dt>
        <dd>{item.card_number ? formatCardNumber(item.card_number) : '—'}</dd>
      </div>
      <div className="details__row">
        <dt>{t('review_page.operation')}</dt>
        <dd>
          <OperationText item={item} />
        </dd>
      </div>
      <div className="details__row">
        <dt>{t('review_page.why')}</dt>
        <dd>
          {item.error && isErrorCode(item.error.code)
            ? errorMessage(item.error.code, item.error.details, language)
            : (item.error?.code ?? '—')}
        </dd>
      </div>
      <div className="details__row">
        <dt>{t('review_page.balance_now')}</dt>
        <dd>
          {item.points_balance === null
            ? '—'
            : t('review_page.balance', {
                points: format.number(item.points_balance),
                stamps: format.number(item.stamps_balance ?? 0),
              })}
        </dd>
      </div>
    </dl>
  )
}

const Decided = ({ item }: { item: ReviewItem }) => {
  const { t, format } = usePage()
  const who =
    item.decided_by_name ??
    t(`review_page.by_${item.decided_by_type === 'api_key' ? 'api_key' : 'someone'}`)
  return (
    <div className="stack stack--sm">
      <p>
        <span className={`badge ${item.decision === 'applied' ? 'badge--success' : 'badge'}`}>
          {item.decision === 'applied' ? t('review_page.applied') : t('review_page.dismissed')}
        </span>{' '}
        {t('review_page.decided_by', {
          who,
          when: item.resolved_at ? format.dateTime(item.resolved_at) : '',
        })}
      </p>
      {item.write_off ? (
        <p data-write-off>
          {t('review_page.write_off', {
            points: format.number(item.write_off.points),
            stamps: format.number(item.write_off.stamps),
          })}
        </p>
      ) : null}
      {item.decision_reason ? (
        <p className="muted">{t('review_page.reason_was', { reason: item.decision_reason })}</p>
      ) : null}
    </div>
  )
}

const Decide = ({ item, state }: { item: ReviewItem; state?: FormState | undefined }) => {
  const { t, urls } = usePage()
  return (
    <div className="stack stack--sm">
      <ErrorSummary message={state?.message} />
      <div className="review-actions">
        <PostForm action={urls.path('merchantReviewApply', { id: item.id })} className="form">
          <input type="hidden" name="version" value={item.version} />
          <p className="muted small">
            {item.type === 'redeem'
              ? t('review_page.apply_redeem_hint')
              : t('review_page.apply_hint')}
          </p>
          <button className="button button--primary">{t('review_page.apply')}</button>
        </PostForm>
        <PostForm action={urls.path('merchantReviewDismiss', { id: item.id })} className="form">
          <input type="hidden" name="version" value={item.version} />
          <TextAreaField
            id={`reason-${item.id}`}
            name="reason"
            label={t('review_page.dismiss_reason')}
            value={state?.values.reason ?? ''}
            rows={2}
            errors={state?.errors}
          />
          <button className="button button--secondary">{t('review_page.dismiss')}</button>
        </PostForm>
      </div>
    </div>
  )
}

/** The review queue: what kiosks decided offline and the server could not apply, decided here. */
export const MerchantReviewPage = (props: ReviewPageProps) => {
  const { t, urls, format } = usePage()
  const waiting = props.query.status === 'waiting'
  return (
    <MerchantLayout
      title={t('review_page.title')}
      current="review"
      merchantName={props.merchantName}
      user={props.user}
      storeNames={props.storeNames}
    >
      <PageHeader title={t('review_page.title')} lead={t('review_page.lead')} />
      {props.notice ? (
        <div className="alert alert--success" role="status">
          <p>{t(`review_page.done_${props.notice}`)}</p>
        </div>
      ) : null}
      {/* A refused decision on an item no longer listed here (decided meanwhile): said on top. */}
      {props.form && !props.items.some((i) => i.id === props.form?.itemId && !i.decision) ? (
        <ErrorSummary message={props.form.message} />
      ) : null}
      <p className="review-summary">
        <span className={`badge ${props.waiting > 0 ? 'badge--warning' : 'badge--success'}`}>
          {t('review.count', { total: format.number(props.waiting) })}
        </span>{' '}
        {props.oldestWaitingAt ? (
          <span className="muted">
            {t('review_page.oldest')} <AgeText from={props.oldestWaitingAt} now={props.now} />
          </span>
        ) : null}
      </p>
      <StatusTabs
        label={t('review_page.tabs')}
        tabs={[
          { href: urls.path('merchantReview'), label: t('review_page.waiting'), current: waiting },
          {
            href: urls.path('merchantReview', null, { status: 'decided' }),
            label: t('review_page.decided'),
            current: !waiting,
          },
        ]}
      />
      {props.items.length === 0 ? (
        <section className="card">
          <div className="empty">
            <p className="empty__title">
              {waiting ? t('review.empty_title') : t('review_page.none_decided')}
            </p>
            {waiting ? <p>{t('review.empty')}</p> : null}
          </div>
        </section>
      ) : (
        <ol className="stack reward-list review-items">
          {props.items.map((item) => (
            <li key={item.id} className="card stack" data-review={item.id}>
              <Facts item={item} now={props.now} />
              {item.decision ? (
                <Decided item={item} />
              ) : (
                <Decide
                  item={item}
                  state={props.form?.itemId === item.id ? props.form : undefined}
                />
              )}
            </li>
          ))}
        </ol>
      )}
      <Pagination
        page={props.query.page}
        totalPages={props.totalPages}
        total={props.total}
        texts="merchant:review_page.pagination"
        href={(page) =>
          urls.path('merchantReview', null, {
            status: waiting ? null : 'decided',
            page: String(page),
          })
        }
      />
    </MerchantLayout>
  )
}
