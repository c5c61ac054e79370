import type { LoginUrlBuilder } from '../sessions/require-session.ts'
import type { Surface } from '../site/pages.ts'
import type { SiteState } from '../site/site-context.ts'

const LOGIN_PAGES = {
  storefront: 'login',
  merchant: 'merchantLogin',
  admin: 'adminLogin',
} as const satisfies Record<Surface, string>

/** The path a member asked for, without the store's /s/<code> (login URLs stay short). */
const sitePathOf = (path: string, prefix: string) => {
  if (!prefix) return path
  const lower = path.toLowerCase()
  if (lower === prefix || lower.startsWith(`${prefix}?`)) return `/${path.slice(prefix.length)}`
  return lower.startsWith(`${prefix}/`) ? path.slice(prefix.length) : path
}

/** The surface's login page, with `next` = the page a signed-out visitor asked for. */
export const loginUrlOf =
  (surface: Surface): LoginUrlBuilder =>
  (ctx, next) => {
    const { urls }: Partial<SiteState> = ctx.state
    if (!urls) throw new Error('a login URL needs the site context')
    const back = next && surface === 'storefront' ? sitePathOf(next, urls.prefix) : next
    return urls.path(LOGIN_PAGES[surface], null, back ? { next: back } : undefined)
  }
