import { z } from 'zod'
import { PageMetaSchema, PageQuerySchema, VersionSchema } from './common.ts'

// The merchant's alerts over /api/v1/alerts (and the merchant's Alerts page, which shows the
// same): situations the alert sweep found in the ledger and the kiosk tables, each raised once,
// acknowledged once and kept. Fields are named like the columns of `alerts`.

export const ALERT_KIND_VALUES = [
  'kiosk_silent',
  'kiosk_pending',
  'card_earnings',
  'large_adjustment',
  'two_stores',
  'pin_failures',
  'quick_redemption',
] as const

/** open: not acknowledged yet, newest first (the default); acknowledged: newest acknowledgement first. */
export const AlertListQuery = PageQuerySchema.extend({
  status: z.enum(['open', 'acknowledged']).default('open'),
})
export type AlertListQuery = z.infer<typeof AlertListQuery>

export const AlertIdParams = z.object({ id: z.uuid() })

/** Acknowledge the alert, from the version read. */
export const AlertAcknowledgeBody = z
  .strictObject({ version: VersionSchema })
  .meta({ examples: [{ version: 1 }] })
export type AlertAcknowledgeBody = z.infer<typeof AlertAcknowledgeBody>

export const Alert = z
  .object({
    id: z.uuid(),
    kind: z.enum(ALERT_KIND_VALUES),
    /** The store the alert is about: the kiosk's, or the card's home store (null: none). */
    store_id: z.uuid().nullable(),
    store_name: z.string().nullable(),
    kiosk_id: z.uuid().nullable(),
    kiosk_name: z.string().nullable(),
    card_id: z.uuid().nullable(),
    card_number: z.string().nullable(),
    /** What the sweep found (counts, thresholds, times), per kind. */
    details: z.record(z.string(), z.unknown()),
    raised_at: z.string(),
    acknowledged_at: z.string().nullable(),
    acknowledged_by_type: z.string().nullable(),
    acknowledged_by_id: z.string().nullable(),
    /** The merchant user who acknowledged, by name (null for an API key). */
    acknowledged_by_name: z.string().nullable(),
    version: z.number().int(),
  })
  .meta({
    examples: [
      {
        id: '6a1f4e8e-7c1b-4a39-9d0e-2f1b5c7d9e01',
        kind: 'card_earnings',
        store_id: '2b3c4d5e-6f70-4a1b-8c2d-3e4f5a6b7c8d',
        store_name: 'Fashion Outlet',
        kiosk_id: null,
        kiosk_name: null,
        card_id: '0f8d2c3a-1b4e-4c5d-8e9f-a0b1c2d3e4f5',
        card_number: '100000000017',
        details: { day: '2026-12-07', count: 7, threshold: 5 },
        raised_at: '2026-12-07T15:02:00.000Z',
        acknowledged_at: '2026-12-07T15:30:12.000Z',
        acknowledged_by_type: 'merchant_user',
        acknowledged_by_id: '3c4d5e6f-7081-4b2c-9d3e-4f5a6b7c8d9e',
        acknowledged_by_name: 'Anna Owner',
        version: 2,
      },
    ],
  })
export type Alert = z.infer<typeof Alert>

export const AlertPage = z.object({
  data: z.array(Alert),
  meta: PageMetaSchema.extend({
    /** Alerts not acknowledged yet (whatever the status asked). */
    open: z.number().int(),
  }),
})
export type AlertPage = z.infer<typeof AlertPage>
