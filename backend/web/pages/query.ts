import type { PageCtx } from './page.tsx'

/** A query-string parameter as trimmed text; '' when absent or repeated. */
export const queryText = (ctx: PageCtx, name: string): string => {
  const value = ctx.query[name]
  return typeof value === 'string' ? value.trim() : ''
}

/** The `page` parameter of a paginated list: a whole number from 1, else 1. */
export const pageNumber = (ctx: PageCtx): number => {
  const n = Number(queryText(ctx, 'page'))
  return Number.isInteger(n) && n > 0 ? n : 1
}

/** The fields of a posted form (urlencoded: every value a string; absent fields undefined). */
export const formBody = (ctx: PageCtx): Record<string, string | undefined> =>
  (ctx.request.body ?? {}) as Record<string, string | undefined>
