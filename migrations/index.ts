import type { Knex } from 'knex'
import * as tenancy from './20261121_0001_tenancy.ts'
import * as customersAndProgrammes from './20261121_0002_customers_and_programmes.ts'
import * as cardsAndLedger from './20261121_0003_cards_and_ledger.ts'
import * as kiosksAndStaff from './20261121_0004_kiosks_and_staff.ts'
import * as webAccounts from './20261121_0005_web_accounts.ts'
import * as outboundEmails from './20261121_0006_outbound_emails.ts'
import * as email from './20261121_0007_email.ts'
import * as emailTriggers from './20261121_0008_email_triggers.ts'
import * as programmeVersions from './20261207_0009_programme_versions.ts'
import * as pinFailuresSince from './20261207_0010_pin_failures_since.ts'
import * as setupVersions from './20261207_0011_setup_versions.ts'
import * as storeBranding from './20261207_0012_store_branding.ts'
import * as apiKeyCreators from './20261207_0013_api_key_creators.ts'
import * as ledgerCategoryIndex from './20261207_0014_ledger_category_index.ts'
import * as customerSearch from './20261207_0015_customer_search.ts'
import * as reviewDecisions from './20261207_0017_review_decisions.ts'
import * as kioskHealth from './20261207_0018_kiosk_health.ts'
import * as secondFactor from './20261207_0019_second_factor.ts'
import * as adminBackOffice from './20261207_0020_admin_back_office.ts'
import * as workerLiveness from './20261207_0022_worker_liveness.ts'
import * as sessionDefaults from './20261207_0023_session_defaults.ts'
import * as alerts from './20261207_0024_alerts.ts'
import * as memberImports from './20261207_0032_member_imports.ts'
import * as customerSearchOrder from './20261207_0025_customer_search_order.ts'
import * as appleWallet from './20261207_0028_apple_wallet.ts'
import * as shardableKeys from './20261207_0038_shardable_keys.ts'
import * as dashboardReads from './20261208_0041_dashboard_reads.ts'
import * as analyticsBackfill from './20261208_0042_analytics_backfill.ts'
import * as googleWallet from './20261207_0026_google_wallet.ts'
import * as analyticsSummaries from './20261207_0030_analytics_summaries.ts'
import * as rewardValues from './20261207_0031_reward_values.ts'
import * as webhooks from './20261207_0034_webhooks.ts'

export type Migration = { up: (knex: Knex) => Promise<void>; down: (knex: Knex) => Promise<void> }

/**
 * Every migration, in order. Append-only: a released migration is never edited; a change is a
 * new file added at the end of this list. Listed explicitly (not read from the folder) so the
 * same code runs under tsx, vitest and a bundler.
 */
export const migrations: ReadonlyArray<readonly [name: string, migration: Migration]> = [
  ['20261121_0001_tenancy', tenancy],
  ['20261121_0002_customers_and_programmes', customersAndProgrammes],
  ['20261121_0003_cards_and_ledger', cardsAndLedger],
  ['20261121_0004_kiosks_and_staff', kiosksAndStaff],
  ['20261121_0005_web_accounts', webAccounts],
  ['20261121_0006_outbound_emails', outboundEmails],
  ['20261121_0007_email', email],
  ['20261121_0008_email_triggers', emailTriggers],
  ['20261207_0009_programme_versions', programmeVersions],
  ['20261207_0010_pin_failures_since', pinFailuresSince],
  ['20261207_0011_setup_versions', setupVersions],
  ['20261207_0012_store_branding', storeBranding],
  ['20261207_0013_api_key_creators', apiKeyCreators],
  ['20261207_0014_ledger_category_index', ledgerCategoryIndex],
  ['20261207_0015_customer_search', customerSearch],
  ['20261207_0017_review_decisions', reviewDecisions],
  ['20261207_0018_kiosk_health', kioskHealth],
  ['20261207_0019_second_factor', secondFactor],
  ['20261207_0020_admin_back_office', adminBackOffice],
  ['20261207_0022_worker_liveness', workerLiveness],
  ['20261207_0023_session_defaults', sessionDefaults],
  ['20261207_0024_alerts', alerts],
  ['20261207_0025_customer_search_order', customerSearchOrder],
  ['20261207_0026_google_wallet', googleWallet],
  ['20261207_0028_apple_wallet', appleWallet],
  ['20261207_0030_analytics_summaries', analyticsSummaries],
  ['20261207_0031_reward_values', rewardValues],
  ['20261207_0032_member_imports', memberImports],
  ['20261207_0034_webhooks', webhooks],
  ['20261207_0038_shardable_keys', shardableKeys],
  ['20261208_0041_dashboard_reads', dashboardReads],
  ['20261208_0042_analytics_backfill', analyticsBackfill],
]
