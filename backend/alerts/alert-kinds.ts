import { ALERT_KIND_VALUES } from '../../shared/schemas/alerts-api.ts'

/** The situations the alert sweep raises (alerts.kind), in the order the pages list them. */
export const ALERT_KINDS = ALERT_KIND_VALUES
export type AlertKind = (typeof ALERT_KINDS)[number]

/** A reward redeemed this soon after the card's enrolment is an alert (the "an hour"). */
export const QUICK_REDEMPTION_MINUTES = 60
