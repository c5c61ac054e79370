import type { Knex } from 'knex'
import { translator } from '../i18n/i18n.ts'
import { actingOn } from '../policies/scope.ts'
import { createCategory } from '../loyalty/commands/create-category.ts'
import { updateCategory } from '../loyalty/commands/update-category.ts'
import { can } from '../policies/policies.ts'
import { merchantScope } from '../policies/scope.ts'
import { formError, isErrorOf } from '../web/pages/form-errors.ts'
import { pageList } from '../web/pages/page-route.ts'
import { sendPage, seeOther, type PageCtx } from '../web/pages/page.tsx'
import { formBody } from '../web/pages/query.ts'
import { parseCategoryForm, parseNewCategoryForm } from './category-form.ts'
import type { FormValues } from '../web/pages/query.ts'
import { loadCategoriesPage } from './queries/categories.ts'
import {
  CATEGORY_NOTICES,
  MerchantCategoriesPage,
  type CategoriesPageProps,
} from './views/categories-page.tsx'

/** The errors a form shows beside its fields (the rest go to the error page). */
const FORM_ERRORS = ['VALIDATION_FAILED', 'EDIT_CONFLICT'] as const

/** The message key of each field the forms have. */
const FIELDS = ['code', 'store_id', 'name', 'version'] as const

/**
 * The Categories page (/merchant/categories): the categories of the user's scope, each a form
 * (names per language, active) at the version shown, and a form for a new one (code, store or
 * every store, names). No delete: ledger entries name their category, so it is deactivated. A
 * manager limited to some stores adds and edits only categories of those stores.
 */
export const categoryPages = (db: Knex) => {
  const pages = pageList()
  const page = async (
    ctx: PageCtx,
    extra: {
      form?: CategoriesPageProps['form']
      notice?: string | undefined
      status?: number
    } = {},
  ) => {
    const principal = ctx.state.principal!
    const scope = merchantScope(principal)
    const data = await loadCategoriesPage(db, scope)
    sendPage(
      ctx,
      'merchant',
      <MerchantCategoriesPage
        {...data}
        user={ctx.state.merchantUser!}
        editable={(category) =>
          can(principal, 'category.update', {
            merchantId: scope.merchantId,
            storeId: category.store_id,
          })
        }
        merchantWide={can(principal, 'category.create', {
          merchantId: scope.merchantId,
          storeId: null,
        })}
        notice={CATEGORY_NOTICES.find((n) => n === extra.notice) ?? null}
        form={extra.form}
      />,
      { status: extra.status ?? 200 },
    )
  }
  const messages = (ctx: PageCtx, fields: readonly { path: string; code?: string }[]) => {
    const t = translator(ctx.state.language, 'merchant')
    return Object.fromEntries(
      FIELDS.flatMap((field) => {
        const issue = fields.find((f) => f.path === field || f.path.startsWith(`${field}.`))
        if (!issue) return []
        const key = field === 'code' && issue.code === 'taken' ? 'code_taken' : field
        return [[field, t(`categories.errors.${key}`)]]
      }),
    )
  }
  const refusedForm = (
    ctx: PageCtx,
    categoryId: string | null,
    values: FormValues,
    fields: string[],
  ) => {
    const t = translator(ctx.state.language, 'merchant')
    return page(ctx, {
      form: {
        categoryId,
        values,
        errors: messages(
          ctx,
          fields.map((path) => ({ path })),
        ),
        message: t('categories.errors.summary'),
      },
      status: 422,
    })
  }
  const refused = (ctx: PageCtx, categoryId: string | null, values: FormValues, error: unknown) => {
    if (!isErrorOf(error, FORM_ERRORS)) throw error
    const fields = isErrorOf(error, ['VALIDATION_FAILED'] as const) ? error.details.fields : []
    return page(ctx, {
      form: {
        categoryId,
        values,
        errors: messages(ctx, fields),
        message: formError(ctx, error),
      },
      status: error.status,
    })
  }
  const done = (ctx: PageCtx, notice: string) =>
    seeOther(ctx, ctx.state.urls.path('merchantCategories', null, { done: notice }))

  pages.get('merchantCategories', 'category.read', (ctx) =>
    page(ctx, { notice: String(ctx.query.done ?? '') }),
  )

  pages.post('merchantCategories', 'category.create', async (ctx) => {
    const values = formBody(ctx)
    const form = parseNewCategoryForm(values)
    if (!form.ok) return refusedForm(ctx, null, values, form.fields)
    try {
      await createCategory(db, { ...actingOn(ctx.state.principal!), category: form.value })
    } catch (error) {
      return refused(ctx, null, values, error)
    }
    done(ctx, 'created')
  })

  pages.post('merchantCategory', 'category.update', async (ctx) => {
    const values = formBody(ctx)
    const categoryId = String(ctx.params.id)
    const form = parseCategoryForm(values)
    if (!form.ok) return refusedForm(ctx, categoryId, values, form.fields)
    try {
      await updateCategory(db, {
        ...actingOn(ctx.state.principal!),
        categoryId,
        patch: form.value,
      })
    } catch (error) {
      return refused(ctx, categoryId, values, error)
    }
    done(ctx, 'saved')
  })
  return pages.routes
}
