import { randomUUID } from 'node:crypto'
import type { Knex } from 'knex'
import { enrollCustomer } from './enroll-customer.ts'
import { systemActor } from '../../auth/actor.ts'
import { inTransaction } from '../../db/transaction.ts'
import type { Language } from '../../../shared/languages.ts'
import type { JoinForm } from '../../../shared/schemas/storefront.ts'
import type { SiteUrls } from '../../web/site/urls.ts'
import { createSession, type CreatedSession } from '../../accounts/session-store.ts'
import type { SessionTimeouts } from '../../accounts/settings.ts'
import { hitRateLimit } from '../../security/rate-limit.ts'
import type { RequestLimits } from '../../security/request-limits.ts'

export type JoinResult = {
  alreadyMember: boolean
  customerId: string
  cardNumber: string
  welcomeBonus: number
  /** The new member's session on this browser (a new member only, when asked for). */
  session: CreatedSession | null
}

/**
 * A customer joins on the storefront: enrolled with the terms accepted now (a second join with
 * the same email is "already a member": no second card, no second welcome bonus). With
 * `signIn`, a new member is signed in on this browser (no password yet: the card page and the
 * account are theirs; a password comes through "forgot password" or the welcome email).
 * Every join is counted per client IP and per email address first (a join sends an email):
 * RATE_LIMITED beyond either limit, before anything is written or sent.
 */
export const joinProgramme = async (
  db: Knex,
  props: {
    merchantId: string
    storeCode: string
    form: JoinForm
    language: Language
    /** The store's site URLs (the request's); unused since emails build their links at send time. */
    urls: Pick<SiteUrls, 'absolute'>
    signIn?: { timeouts: SessionTimeouts; ip?: string; userAgent?: string }
    /** The client's address as the app sees it (ctx.ip) and the limits it is held to. */
    ip: string
    limits: Pick<RequestLimits, 'joinPerIp' | 'joinPerEmail'>
  },
): Promise<JoinResult> => {
  await hitRateLimit(db, props.limits.joinPerIp, props.ip)
  await hitRateLimit(db, props.limits.joinPerEmail, props.form.email.trim().toLowerCase())
  const joined = await inTransaction(db, async (trx) => {
    const enrollment = await enrollCustomer(trx, {
      merchantId: props.merchantId,
      storeCode: props.storeCode,
      clientId: randomUUID(),
      email: props.form.email,
      name: props.form.name,
      phone: props.form.phone,
      birthday: props.form.birthday,
      preferredLanguage: props.language,
      marketingConsent: props.form.marketingConsent,
      actor: systemActor(props.merchantId, 'storefront'),
    })
    if (!enrollment.alreadyMember) {
      await trx('customers')
        .where('id', enrollment.customer.id)
        .update({ terms_accepted_at: trx.fn.now() })
      // The enrollment (and welcome-bonus) email is queued by enrollCustomer, in this
      // transaction, once per new card (backend/email/triggers/enrollment-emails.ts).
    }
    return {
      alreadyMember: enrollment.alreadyMember,
      customerId: enrollment.customer.id,
      cardNumber: enrollment.card.number,
      welcomeBonus: enrollment.welcomeBonus,
    }
  })
  const session =
    props.signIn && !joined.alreadyMember
      ? await createSession(db, {
          account: { audience: 'customer', id: joined.customerId, merchantId: props.merchantId },
          ...props.signIn,
        })
      : null
  return { ...joined, session }
}
