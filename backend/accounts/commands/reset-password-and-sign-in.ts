import type { Knex } from 'knex'
import { createSession, destroySession, type CreatedSession } from '../session-store.ts'
import type { AccountRef } from '../accounts.ts'
import { resetPassword } from './reset-password.ts'

/**
 * A reset link's form, sent: the new password is set (which ends every session of the
 * account), the browser's own session — whoever's it was — is dropped as a login would, and a
 * fresh session starts for the account.
 */
export const resetPasswordAndSignIn = async (
  db: Knex,
  props: Parameters<typeof resetPassword>[1] & {
    userAgent?: string
    /** The session cookie the browser sent, if any. */
    previousToken?: string
  },
): Promise<{ account: AccountRef; session: CreatedSession }> => {
  const { account } = await resetPassword(db, props)
  if (props.previousToken) await destroySession(db, { token: props.previousToken })
  const session = await createSession(db, {
    account,
    timeouts: props.settings.timeouts[account.audience],
    ip: props.ip,
    userAgent: props.userAgent,
  })
  return { account, session }
}
