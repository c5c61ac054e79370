import type { Knex } from 'knex'
import { INTL_LOCALE, type Language } from '../../../shared/languages.ts'
import { queueEmailOnce, sweepRecipient } from '../queue-email.ts'

/** How long before their points expire customers are warned (one email per expiry date). */
export const POINTS_EXPIRING_NOTICE_DAYS = 30

/** The zone in which an expiry date is a day (the programme's country; points:expire is UTC). */
const EXPIRY_TIME_ZONE = 'Europe/Luxembourg'

export type PointsExpiringRun = { examined: number; queued: number }

type DueCard = {
  card_id: string
  merchant_id: string
  store_id: string | null
  points: number
  expires_at: Date
  email: string
  customer_name: string | null
  preferred_language: string | null
  /** The default language and name of the card's store (its merchant's without a store). */
  store_language: string | null
  store_name: string | null
}

/** The expiry date as customers read it, e.g. "31 décembre 2026", and as a key (2026-12-31). */
export const expiryDate = (at: Date, language: Language) => ({
  text: new Intl.DateTimeFormat(INTL_LOCALE[language], {
    dateStyle: 'long',
    timeZone: EXPIRY_TIME_ZONE,
  }).format(at),
  key: new Intl.DateTimeFormat('en-CA', { timeZone: EXPIRY_TIME_ZONE }).format(at),
})

/**
 * Warns the holders of points cards whose points will expire by the programme's inactivity rule
 * (the points:expire job: last activity + expiry_months) within the next
 * POINTS_EXPIRING_NOTICE_DAYS days. Keyed by (card, expiry date): the daily run sends one
 * warning per expiry date, and activity that moves the date on leads to a new warning when the
 * new date comes near. Stamp cards are not warned (the template speaks of points). A customer
 * without an email or anonymized gets none; the warning is a service message about the
 * customer's own balance, so it does not depend on marketing consent.
 */
export const queuePointsExpiringEmails = async (
  db: Knex,
  options: { now?: Date; batchSize?: number } = {},
): Promise<PointsExpiringRun> => {
  const batchSize = options.batchSize ?? 500
  const run: PointsExpiringRun = { examined: 0, queued: 0 }
  let after = '00000000-0000-0000-0000-000000000000'
  for (;;) {
    const { rows: due } = await db.raw<{ rows: DueCard[] }>(
      `SELECT c.id AS card_id, c.merchant_id, c.enrolled_store_id AS store_id,
              c.points_balance AS points,
              c.last_activity_at + make_interval(months => p.expiry_months) AS expires_at,
              cu.email, cu.name AS customer_name, cu.preferred_language,
              CASE WHEN c.enrolled_store_id IS NOT NULL THEN s.default_language
                   ELSE m.default_language END AS store_language,
              CASE WHEN c.enrolled_store_id IS NOT NULL THEN s.name ELSE m.name END AS store_name
         FROM cards c
         JOIN programmes p ON p.id = c.programme_id
         JOIN customers cu ON cu.id = c.customer_id
         JOIN merchants m ON m.id = c.merchant_id
         LEFT JOIN stores s ON s.id = c.enrolled_store_id
        WHERE p.type = 'points' AND p.expiry_months IS NOT NULL AND c.points_balance > 0
          AND c.last_activity_at + make_interval(months => p.expiry_months)
              BETWEEN coalesce(:now::timestamptz, now())
                  AND coalesce(:now::timestamptz, now()) + make_interval(days => :days)
          AND cu.email IS NOT NULL AND cu.anonymized_at IS NULL
          AND c.id > :after
        ORDER BY c.id
        LIMIT :limit`,
      {
        now: options.now ?? null,
        days: POINTS_EXPIRING_NOTICE_DAYS,
        after,
        limit: batchSize,
      },
    )
    if (due.length === 0) return run
    await db.transaction(async (trx) => {
      for (const card of due) {
        run.examined++
        const { recipient, language } = sweepRecipient(card)
        const date = expiryDate(card.expires_at, language)
        const queued = await queueEmailOnce(
          trx,
          {
            ...recipient,
            template: 'points_expiring',
            idempotencyKey: `points_expiring:${card.card_id}:${date.key}`,
            variables: {
              customer_name: card.customer_name ?? '',
              store_name: card.store_name ?? '',
              points: card.points,
              expiry_date: date.text,
            },
          },
          language,
        )
        if (queued) run.queued++
      }
    })
    after = due[due.length - 1]!.card_id
  }
}
