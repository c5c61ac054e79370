import { parseArgs } from 'node:util'
import { runWithDatabase } from './run-with-database.ts'
import { migrateLatest } from '../db/migrate.ts'
import { isAppError } from '../errors.ts'
import { isLanguage } from '../../shared/languages.ts'
import { findCredentials } from '../accounts/queries/find-credentials.ts'
import {
  ADMIN_LINK_HOURS,
  invitePlatformAdmin,
  issueAdminPasswordLink,
} from '../accounts/commands/manage-admins.ts'
import { canonicalPlatformUrls } from '../web/site/urls.ts'

// npm run admin:create -- --email admin@example.lu --name "Ada Admin" [--language fr]
// Creates a platform admin (the first one, on a new installation) and prints a one-time link,
// valid 24 hours, where they choose their password and then set up their second factor. No
// password ever goes through the command line (shell history, process list).
// --new-link prints a new link for an existing admin (a lost password, an expired link): the old
// links stop working; using the new one sets a new password and ends their sessions.
const { values } = parseArgs({
  options: {
    email: { type: 'string' },
    name: { type: 'string' },
    language: { type: 'string' },
    'new-link': { type: 'boolean', default: false },
  },
})

const email = values.email?.trim()
const newLink = values['new-link']
const language = values.language ?? null
if (!email || (!newLink && !values.name?.trim()) || (language && !isLanguage(language))) {
  console.error(
    'Usage: npm run admin:create -- --email <address> --name <full name> [--language en|fr|de|lb]\n' +
      '       npm run admin:create -- --email <address> --new-link\n' +
      '(prints a one-time link to choose the password and set up two-step verification)',
  )
  process.exit(2)
}

await runWithDatabase(async (db, { config, log }) => {
  // The first admin is often created on a fresh database, before the first start.
  await migrateLatest(db.knex, db.connectionString, log)
  const urls = canonicalPlatformUrls(config)
  const linkUrl = (token: string) => urls.absolute('adminInvitation', { token })
  const existing = await findCredentials(db.knex, { audience: 'admin', email })
  if (existing && !newLink) {
    console.error(`A platform admin with the address ${existing.email} exists already.`)
    console.error('Use --new-link to give them a new link to set their password.')
    process.exitCode = 1
    return
  }
  if (!existing && newLink) {
    console.error(`No platform admin with the address ${email}.`)
    process.exitCode = 1
    return
  }
  try {
    const hours = ADMIN_LINK_HOURS.cli
    if (existing) {
      const token = await db.knex.transaction((trx) =>
        issueAdminPasswordLink(trx, { adminId: existing.account.id, validHours: hours }),
      )
      console.log(`New link for platform admin ${existing.email} (older links no longer work).`)
      console.log(`Open it within ${hours} hours, once, to choose a new password:`)
      console.log(`  ${linkUrl(token)}`)
    } else {
      const created = await invitePlatformAdmin(db.knex, {
        email,
        name: values.name!,
        language: language && isLanguage(language) ? language : null,
        invitedBy: null,
        linkUrl,
      })
      console.log(
        `Platform admin ${values.name!.trim()} <${email}> created (id ${created.adminId}).`,
      )
      console.log(
        `Open this link within ${created.validHours} hours, once, to choose the password and set up two-step verification:`,
      )
      console.log(`  ${created.link}`)
    }
  } catch (error) {
    if (!isAppError(error)) throw error
    const messages: Partial<Record<string, string>> = {
      VALIDATION_FAILED: 'The address or the name is not valid.',
      CONFLICT: 'A platform admin with this address exists already.',
    }
    console.error(messages[error.code] ?? `Refused: ${error.code}`)
    process.exitCode = 1
  }
})
