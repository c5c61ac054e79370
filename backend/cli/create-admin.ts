import { parseArgs } from 'node:util'
import { createInterface } from 'node:readline/promises'
import { Writable } from 'node:stream'
import { runWithDatabase } from './run-with-database.ts'
import { migrateLatest } from '../db/migrate.ts'
import { isAppError } from '../errors.ts'
import { findCredentials } from '../accounts/queries/find-credentials.ts'
import { createPlatformAdmin } from '../accounts/commands/create-platform-admin.ts'
import { setAccountPassword } from '../accounts/commands/set-account-password.ts'
import { PASSWORD_MIN_LENGTH } from '../accounts/passwords.ts'

// npm run admin:create -- --email admin@example.lu --name "Ada Admin"
// The password is asked for (hidden) on a terminal, or read from the first line of stdin:
//   printf '%s\n' "$ADMIN_PASSWORD" | npm run admin:create -- --email … --name …
// Never as a flag: it would stay in the shell history and the process list.
// --reset-password sets a new password for an existing admin (and ends their sessions).
const { values } = parseArgs({
  options: {
    email: { type: 'string' },
    name: { type: 'string' },
    'reset-password': { type: 'boolean', default: false },
  },
})

const interactive = process.stdin.isTTY === true

/** Lines of a piped stdin, read once. */
let pipedLines: Promise<string[]> | undefined
const readPiped = async (): Promise<string[]> => {
  pipedLines ??= (async () => {
    let text = ''
    for await (const chunk of process.stdin) text += String(chunk)
    return text.split(/\r?\n/)
  })()
  return pipedLines
}

// One readline for every question: a second one would lose what the first had buffered.
let muted = false
const prompts = interactive
  ? createInterface({
      input: process.stdin,
      output: new Writable({
        write(chunk, _encoding, done) {
          if (!muted) process.stdout.write(chunk)
          done()
        },
      }),
      terminal: true,
    })
  : null

const ask = async (question: string, hidden = false): Promise<string> => {
  if (!prompts) return ''
  try {
    const answer = prompts.question(question)
    muted = hidden
    const value = await answer
    if (hidden) process.stdout.write('\n')
    return value
  } catch {
    // Ctrl+C / Ctrl+D
    process.stdout.write('\n')
    process.exit(130)
  } finally {
    muted = false
  }
}

const readPassword = async (): Promise<string | null> => {
  if (!interactive) return (await readPiped())[0] ?? ''
  const password = await ask(`Password (at least ${PASSWORD_MIN_LENGTH} characters): `, true)
  const again = await ask('Password again: ', true)
  return password === again ? password : null
}

const email = values.email ?? (interactive ? await ask('Email: ') : undefined)
const resetting = values['reset-password']
const name = resetting ? '' : (values.name ?? (interactive ? await ask('Name: ') : undefined))
if (!email || name === undefined || (!resetting && !name)) {
  console.error(
    'Usage: npm run admin:create -- --email <address> --name <full name> [--reset-password]\n' +
      '(the password is asked for, or read from the first line of stdin)',
  )
  process.exit(2)
}
// Asked before the database starts (the embedded one can take a few seconds).
const password = await readPassword()
prompts?.close()
if (password === null) {
  console.error('The two passwords differ.')
  process.exit(2)
}

await runWithDatabase(async (db, { config, log }) => {
  // The first admin is often created on a fresh database, before the first start.
  await migrateLatest(db.knex, db.connectionString, log)
  const existing = await findCredentials(db.knex, { audience: 'admin', email })
  if (existing && !resetting) {
    console.error(`A platform admin with the address ${existing.email} exists already.`)
    console.error('Use --reset-password to give them a new password.')
    process.exitCode = 1
    return
  }
  if (!existing && resetting) {
    console.error(`No platform admin with the address ${email}.`)
    process.exitCode = 1
    return
  }
  try {
    if (existing) {
      await setAccountPassword(db.knex, {
        account: existing.account,
        password,
        passwordCost: config.passwordHashCost,
      })
      console.log(`New password set for platform admin ${existing.email}; their sessions ended.`)
    } else {
      const admin = await createPlatformAdmin(db.knex, {
        email,
        name,
        password,
        passwordCost: config.passwordHashCost,
      })
      console.log(`Platform admin ${admin.name} <${admin.email}> created (id ${admin.id}).`)
    }
  } catch (error) {
    if (!isAppError(error)) throw error
    const messages: Partial<Record<string, string>> = {
      PASSWORD_TOO_SHORT: `The password needs at least ${PASSWORD_MIN_LENGTH} characters.`,
      PASSWORD_TOO_LONG: 'The password is too long.',
      VALIDATION_FAILED: 'The address or the name is not valid.',
      CONFLICT: 'A platform admin with this address exists already.',
    }
    console.error(messages[error.code] ?? `Refused: ${error.code}`)
    process.exitCode = 1
  }
})
