import Router from '@koa/router'
import type { Knex } from 'knex'
import type { Config } from '../config.ts'
import type { SiteAppState } from '../web/site/site-context.ts'

/** Filled by the pages of this area. */
export const adminRoutes = (_db: Knex, _config: Config) => new Router<SiteAppState>()
