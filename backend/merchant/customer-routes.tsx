import { randomUUID } from 'node:crypto'
import type { Knex } from 'knex'
import { parseCardNumber } from '../../shared/card-number.ts'
import { CustomerSearchQuery } from '../../shared/schemas/customer-api.ts'
import { AppError } from '../errors.ts'
import { translator } from '../i18n/i18n.ts'
import { adjustMemberBalance } from '../loyalty/customers/commands/adjust-member-balance.ts'
import { anonymizeCustomer } from '../loyalty/customers/commands/anonymize-customer.ts'
import { exportMemberData } from '../loyalty/customers/commands/export-member-data.ts'
import { resendWelcomeEmail } from '../loyalty/customers/commands/resend-welcome-email.ts'
import { reverseMemberEntry } from '../loyalty/customers/commands/reverse-member-entry.ts'
import { setCardBlocked } from '../loyalty/customers/commands/set-card-blocked.ts'
import { updateCustomer } from '../loyalty/customers/commands/update-customer.ts'
import { findMember } from '../loyalty/customers/customer-queries.ts'
import { merchantScope } from '../policies/scope.ts'
import { formError, isErrorOf } from '../web/pages/form-errors.ts'
import { pageList } from '../web/pages/page-route.ts'
import { sendPage, seeOther, type PageCtx } from '../web/pages/page.tsx'
import { formBody, type FormValues } from '../web/pages/query.ts'
import {
  AdjustForm,
  AnonymizeForm,
  BlockForm,
  parseContactForm,
  parseForm,
  ReverseForm,
} from './customer-form.ts'
import { loadCustomerPage, loadCustomersPage } from './queries/customers.ts'
import { MerchantCustomerPage, type CustomerAction } from './views/customer-page.tsx'
import { MerchantCustomersPage } from './views/customers-page.tsx'

/** The errors an action's form shows above or beside its fields (the rest: the error page). */
const FORM_ERRORS = [
  'VALIDATION_FAILED',
  'EDIT_CONFLICT',
  'INSUFFICIENT_POINTS',
  'INSUFFICIENT_STAMPS',
  'CARD_BLOCKED',
  'ALREADY_REVERSED',
  'NOT_REVERSIBLE',
  'ENTRY_NOT_FOUND',
  'IDEMPOTENCY_CONFLICT',
] as const

const DONE = [
  'adjusted',
  'reversed',
  'blocked',
  'unblocked',
  'saved',
  'welcome',
  'anonymized',
] as const
export type CustomerDone = (typeof DONE)[number]

/** The card number of the path, check digit verified (a wrong one names no card). */
const cardNumberOf = (ctx: PageCtx) => {
  const parsed = parseCardNumber(String(ctx.params.number ?? ''))
  if (!parsed.ok) throw new AppError('CARD_NOT_FOUND')
  return parsed.number
}

/**
 * The Customers pages (/merchant/customers, docs/architecture.md "Customers and cards"): the
 * search, and one member's page with the merchant's actions, each a form posting to its own
 * path and calling one command (policy-checked on the member's home store, audited). A refused
 * action comes back with what was typed and a message per field; a stale contact edit says so.
 */
export const customerPages = (db: Knex) => {
  const pages = pageList()

  pages.get('merchantCustomers', 'customer.read', async (ctx) => {
    // The search form sends its empty filters as empty strings: absent, not invalid.
    const parsed = CustomerSearchQuery.safeParse(
      Object.fromEntries(Object.entries(ctx.query).filter(([, value]) => value !== '')),
    )
    const query = parsed.success ? parsed.data : CustomerSearchQuery.parse({})
    const t = translator(ctx.state.language, 'merchant')
    let error: string | null = null
    let data
    try {
      data = await loadCustomersPage(db, ctx.state.principal!, query)
    } catch (failure) {
      if (!isErrorOf(failure, ['INVALID_CARD_NUMBER'] as const)) throw failure
      error = t('customers.check_digit')
      data = {
        ...(await loadCustomersPage(db, ctx.state.principal!, { ...query, query: undefined })),
        results: null,
      }
    }
    sendPage(
      ctx,
      'merchant',
      <MerchantCustomersPage
        {...data}
        user={ctx.state.merchantUser!}
        query={{ ...query, query: typeof ctx.query.query === 'string' ? ctx.query.query : '' }}
        error={error}
      />,
      { status: error ? 422 : 200 },
    )
  })

  const memberPage = async (
    ctx: PageCtx,
    form?: { action: CustomerAction; values: FormValues; fields: string[]; message: string },
    status = 200,
  ) => {
    const number = cardNumberOf(ctx)
    const page = Math.max(1, Math.min(10_000, Number(ctx.query.page) || 1))
    const data = await loadCustomerPage(db, ctx.state.principal!, number, page)
    const t = translator(ctx.state.language, 'merchant')
    const done = DONE.find((value) => value === ctx.query.done) ?? null
    sendPage(
      ctx,
      'merchant',
      <MerchantCustomerPage
        {...data}
        user={ctx.state.merchantUser!}
        done={form ? null : done}
        clientId={randomUUID()}
        form={
          form && {
            action: form.action,
            values: form.values,
            message: form.message,
            errors: Object.fromEntries(
              form.fields.map((field) => [
                field.replace(/_(taken|over_limit)$/, ''),
                t(`customers.errors.${fieldKey(field)}`),
              ]),
            ),
          }
        }
      />,
      { status },
    )
  }

  /** Runs an action's command; a refusal shows the member's page with the form as it was sent. */
  const act = async (
    ctx: PageCtx,
    action: CustomerAction,
    run: () => Promise<CustomerDone>,
  ): Promise<void> => {
    const values = formBody(ctx)
    const t = translator(ctx.state.language, 'merchant')
    let done: CustomerDone
    try {
      done = await run()
    } catch (error) {
      if (!isErrorOf(error, FORM_ERRORS)) throw error
      const fields =
        error.code === 'VALIDATION_FAILED'
          ? (error as AppError<'VALIDATION_FAILED'>).details.fields.map((f) =>
              f.code === 'taken' || f.code === 'over_limit' ? `${f.path}_${f.code}` : f.path,
            )
          : []
      return memberPage(
        ctx,
        {
          action,
          values,
          fields,
          message: fields.length ? t('customers.errors.summary') : formError(ctx, error),
        },
        error.status,
      )
    }
    seeOther(ctx, ctx.state.urls.path('merchantCustomer', { number: cardNumberOf(ctx) }, { done }))
  }

  const invalid = (fields: string[]) =>
    new AppError('VALIDATION_FAILED', { fields: fields.map((path) => ({ path, code: 'invalid' })) })

  pages.get('merchantCustomer', 'customer.read', (ctx) => memberPage(ctx))

  pages.post('merchantCustomer', 'customer.update', (ctx) =>
    act(ctx, 'contact', async () => {
      const form = parseContactForm(formBody(ctx))
      if (!form.ok) throw invalid(form.fields)
      const { customerId } = await findMember(db, merchantScope(ctx.state.principal!).merchantId, {
        number: cardNumberOf(ctx),
      })
      await updateCustomer(db, { principal: ctx.state.principal!, customerId, patch: form.value })
      return 'saved'
    }),
  )

  pages.post('merchantCustomerAdjust', 'customer.adjust', (ctx) =>
    act(ctx, 'adjust', async () => {
      const form = parseForm(AdjustForm, formBody(ctx))
      if (!form.ok) throw invalid(form.fields)
      await adjustMemberBalance(db, {
        principal: ctx.state.principal!,
        number: cardNumberOf(ctx),
        clientId: form.value.client_id,
        delta: form.value.delta,
        reason: form.value.reason,
        requestId: ctx.state.requestId,
      })
      return 'adjusted'
    }),
  )

  pages.post('merchantCustomerReverse', 'customer.reverse', (ctx) =>
    act(ctx, 'reverse', async () => {
      const form = parseForm(ReverseForm, formBody(ctx))
      if (!form.ok) throw invalid(form.fields)
      await reverseMemberEntry(db, {
        principal: ctx.state.principal!,
        number: cardNumberOf(ctx),
        entryId: form.value.entry_id,
        clientId: form.value.client_id,
        reason: form.value.reason,
        requestId: ctx.state.requestId,
      })
      return 'reversed'
    }),
  )

  pages.post('merchantCustomerBlock', 'customer.block', (ctx) =>
    act(ctx, 'block', async () => {
      const form = parseForm(BlockForm, formBody(ctx))
      if (!form.ok) throw invalid(form.fields)
      const blocked = form.value.blocked === 'true'
      await setCardBlocked(db, {
        principal: ctx.state.principal!,
        number: cardNumberOf(ctx),
        blocked,
        reason: form.value.reason || undefined,
      })
      return blocked ? 'blocked' : 'unblocked'
    }),
  )

  pages.post('merchantCustomerWelcome', 'customer.welcome.resend', (ctx) =>
    act(ctx, 'contact', async () => {
      await resendWelcomeEmail(db, {
        principal: ctx.state.principal!,
        number: cardNumberOf(ctx),
        requestId: ctx.state.requestId,
      })
      return 'welcome'
    }),
  )

  pages.post('merchantCustomerAnonymize', 'customer.anonymize', (ctx) =>
    act(ctx, 'anonymize', async () => {
      const form = parseForm(AnonymizeForm, formBody(ctx))
      if (!form.ok) throw invalid(form.fields)
      const { customerId } = await findMember(db, merchantScope(ctx.state.principal!).merchantId, {
        number: cardNumberOf(ctx),
      })
      await anonymizeCustomer(db, {
        principal: ctx.state.principal!,
        customerId,
        requestId: ctx.state.requestId,
      })
      return 'anonymized'
    }),
  )

  pages.get('merchantCustomerExport', 'customer.export', async (ctx) => {
    const number = cardNumberOf(ctx)
    const data = await exportMemberData(db, {
      principal: ctx.state.principal!,
      number,
      requestId: ctx.state.requestId,
    })
    ctx.type = 'application/json; charset=utf-8'
    ctx.set('Cache-Control', 'private, no-store')
    ctx.attachment(`customer-${number}-${data.exported_at.slice(0, 10)}.json`)
    ctx.body = `${JSON.stringify(data, null, 2)}\n`
  })

  return pages.routes
}

/** The message key of a refused field (`email_taken`, `delta_over_limit`, or the field). */
const fieldKey = (field: string): FieldKey =>
  FIELD_KEYS.includes(field as FieldKey) ? (field as FieldKey) : 'invalid'

const FIELD_KEYS = [
  'name',
  'email',
  'email_taken',
  'phone',
  'birthday',
  'preferred_language',
  'delta',
  'delta_over_limit',
  'reason',
  'confirm',
  'version',
  'invalid',
] as const
type FieldKey = (typeof FIELD_KEYS)[number]
