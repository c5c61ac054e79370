import { z } from 'zod'
import { CalendarDateSchema, ClientIdSchema, LanguageSchema } from './schemas/common.ts'

// The contract between the kiosk's UI (renderer/) and the kiosk core (electron/core): methods
// with their input and output schemas, and events. The Electron preload and the web host's
// WebSocket bridge both implement it; the renderer sees nothing else. Every call answers
// `{ ok: true, value }` or `{ ok: false, error: { code, details } }` with a stable error code
// (shared/errors.ts) that the UI shows in its language.

export const BridgeErrorSchema = z.object({
  code: z.string(),
  details: z.record(z.string(), z.unknown()).default({}),
})
export type BridgeError = z.infer<typeof BridgeErrorSchema>

export type BridgeResult<T> = { ok: true; value: T } | { ok: false; error: BridgeError }

export const SyncStateSchema = z.object({
  online: z.boolean(),
  syncing: z.boolean(),
  queueLength: z.number().int().min(0),
  lastSyncAt: z.string().nullable(),
  lastError: z.string().nullable(),
  revoked: z.boolean(),
})

export const ScannerTransportSchema = z.enum(['wedge', 'serial', 'hid-pos', 'hid-keyboard'])

/**
 * This device's own settings, chosen at the counter (language, scanner, sounds, idle lock). Not
 * the merchant's rules for its kiosks (PIN length, offline limits: MerchantKioskSettings in
 * backend/kiosks/merchant-settings.ts, sent to the kiosk by the sync pull).
 */
export const DeviceSettingsSchema = z.object({
  language: LanguageSchema,
  scanner: z.object({
    transport: ScannerTransportSchema,
    /** Serial port path or HID device path; none for the keyboard wedge. */
    port: z.string().max(200).nullable(),
    /** What a serial scanner ends a code with. */
    suffix: z.enum(['CR', 'LF', 'CRLF', 'TAB']),
    keyboardLayout: z.enum(['us', 'fr', 'de']),
  }),
  sounds: z.boolean(),
  idleLockMinutes: z.number().int().min(1).max(120),
})
export type DeviceSettings = z.infer<typeof DeviceSettingsSchema>

export const DEFAULT_DEVICE_SETTINGS: DeviceSettings = {
  language: 'en',
  scanner: { transport: 'wedge', port: null, suffix: 'CR', keyboardLayout: 'us' },
  sounds: true,
  idleLockMinutes: 5,
}

const StoreSchema = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  currency: z.string(),
  timezone: z.string(),
})

/**
 * The merchant's decision on an operation of this kiosk that waited for review (learnt at a
 * sync): applied (with what was written off, for a redemption the balance no longer covered)
 * or dismissed with a reason.
 */
export const ReviewOutcomeViewSchema = z.object({
  clientId: z.string(),
  type: z.string(),
  cardNumber: z.string().nullable(),
  decision: z.enum(['applied', 'dismissed']),
  reason: z.string().nullable(),
  decidedAt: z.string(),
  writeOff: z.object({ points: z.number().int(), stamps: z.number().int() }).nullable(),
})
export type ReviewOutcomeView = z.infer<typeof ReviewOutcomeViewSchema>

export const KioskStatusSchema = z.object({
  paired: z.boolean(),
  store: StoreSchema.nullable(),
  /** The signed-in staff member; null while the PIN pad shows. */
  staff: z.object({ id: z.string(), name: z.string() }).nullable(),
  sync: SyncStateSchema,
  settings: DeviceSettingsSchema,
  /**
   * When the kiosk locks itself: `minutes`, the device's idleLockMinutes capped by the
   * merchant's maximum (`merchantMaxMinutes`, learnt at sync; null before the first pull).
   */
  idleLock: z.object({
    minutes: z.number().int().min(1),
    merchantMaxMinutes: z.number().int().min(1).nullable(),
  }),
  /** The merchant's decisions on this kiosk's operations that waited for review, newest first. */
  reviewOutcomes: z.array(ReviewOutcomeViewSchema).default([]),
})
export type KioskStatus = z.infer<typeof KioskStatusSchema>

const LocalizedName = z.record(z.string(), z.string())

/** What the card screen shows. */
export const CardScreenSchema = z.object({
  number: z.string(),
  customerName: z.string().nullable(),
  status: z.enum(['active', 'blocked']),
  provisional: z.boolean(),
  programme: z.object({
    type: z.enum(['points', 'stamps']),
    name: LocalizedName,
    stampsRequired: z.number().int().nullable(),
    cooldownMinutes: z.number().int(),
  }),
  /** Snapshot balance with the kiosk's pending operations. */
  balance: z.number().int(),
  /** The active rewards, cheapest first. */
  rewards: z.array(
    z.object({
      id: z.string(),
      name: LocalizedName,
      cost: z.number().int(),
      affordable: z.boolean(),
    }),
  ),
  /** The cheapest reward the balance cannot pay for yet (shared nextReward); null when none. */
  nextReward: z
    .object({
      id: z.string(),
      name: LocalizedName,
      cost: z.number().int(),
      missing: z.number().int(),
    })
    .nullable(),
  lastEarnAt: z.string().nullable(),
  /** What an earning or a stamp may be filed under. */
  categories: z.array(z.object({ id: z.string(), name: LocalizedName })),
})
export type CardScreen = z.infer<typeof CardScreenSchema>

/** The answer to a cashier operation (a refusal is an error). */
export const OperationOutcomeSchema = z.object({
  clientId: z.string(),
  /** When the kiosk did it (ISO): the undo window (shared/undo-window.ts) runs from here. */
  occurredAt: z.string(),
  /** applied: the server answered; queued: done on the kiosk, synced later; review: kept for the merchant. */
  status: z.enum(['applied', 'queued', 'review']),
  points: z.number().int(),
  stamps: z.number().int(),
  cardNumber: z.string().nullable(),
  review: BridgeErrorSchema.nullable(),
})
export type OperationOutcome = z.infer<typeof OperationOutcomeSchema>

/** A movement on a card: from the server's ledger online, from the kiosk's queue offline. */
export const VisitSchema = z.object({
  at: z.string(),
  type: z.string(),
  points: z.number().int(),
  stamps: z.number().int(),
  storeName: z.string().nullable(),
  /** Still in this kiosk's queue. */
  pending: z.boolean(),
})
export type Visit = z.infer<typeof VisitSchema>

export const SearchHitSchema = z.object({
  number: z.string(),
  customerName: z.string().nullable(),
  email: z.string().nullable(),
  balance: z.number().int(),
  programmeType: z.enum(['points', 'stamps']),
})
export type SearchHit = z.infer<typeof SearchHitSchema>

const CardNumberInput = z
  .string()
  .trim()
  .min(1)
  .max(500)
  .describe('a card number as typed, or what the scanner read')

export const BRIDGE_METHODS = {
  status: { input: z.object({}), output: KioskStatusSchema },
  pair: {
    input: z.union([
      z.object({ code: z.string().min(1).max(20), backendUrl: z.url() }),
      z.object({ qr: z.string().min(1).max(500) }),
    ]),
    output: KioskStatusSchema,
  },
  unlock: {
    input: z.object({ pin: z.string().regex(/^[0-9]{4,8}$/), staffId: z.uuid().optional() }),
    output: z.object({ id: z.string(), name: z.string() }),
  },
  lock: {
    input: z.object({ reason: z.enum(['manual', 'idle']).default('manual') }),
    output: z.object({}),
  },
  card: { input: z.object({ number: CardNumberInput }), output: CardScreenSchema },
  /** Recent movements of a card (online: the server's; offline: this kiosk's queue). */
  visits: {
    input: z.object({ cardNumber: z.string(), limit: z.number().int().min(1).max(20).default(5) }),
    output: z.object({ online: z.boolean(), visits: z.array(VisitSchema) }),
  },
  /** Online only: the merchant's cards by a customer's exact email address or phone number. */
  search: {
    input: z.object({ query: z.string().trim().min(3).max(200) }),
    output: z.array(SearchHitSchema),
  },
  earn: {
    input: z.object({
      cardNumber: z.string(),
      amountCents: z.number().int().min(1).max(100_000_000),
      categoryId: z.uuid().optional(),
    }),
    output: OperationOutcomeSchema,
  },
  stamp: {
    input: z.object({
      cardNumber: z.string(),
      count: z.number().int().min(1).max(100).default(1),
      categoryId: z.uuid().optional(),
    }),
    output: OperationOutcomeSchema,
  },
  redeem: {
    input: z.object({ cardNumber: z.string(), rewardId: z.uuid() }),
    output: OperationOutcomeSchema,
  },
  enroll: {
    input: z.object({
      email: z.email(),
      name: z.string().trim().min(1).max(200),
      phone: z.string().trim().max(24).optional(),
      birthday: CalendarDateSchema.optional(),
      preferredLanguage: LanguageSchema.optional(),
      marketingConsent: z.boolean().default(false),
    }),
    output: OperationOutcomeSchema,
  },
  /** Takes back an operation of this kiosk by a reversal (never a delete). */
  undo: {
    input: z.object({ clientId: ClientIdSchema, reason: z.string().trim().min(3).max(500) }),
    output: OperationOutcomeSchema,
  },
  updateSettings: { input: DeviceSettingsSchema.partial(), output: DeviceSettingsSchema },
} as const

export type BridgeMethod = keyof typeof BRIDGE_METHODS
/** What the UI may pass (defaults not yet applied). */
export type BridgeInput<M extends BridgeMethod> = z.input<(typeof BRIDGE_METHODS)[M]['input']>
/** What a handler gets: the input after the method's schema parsed it (defaults applied). */
export type BridgeParsedInput<M extends BridgeMethod> = z.output<
  (typeof BRIDGE_METHODS)[M]['input']
>
export type BridgeOutput<M extends BridgeMethod> = z.output<(typeof BRIDGE_METHODS)[M]['output']>

/**
 * What the kiosk core implements (electron/core/bridge/dispatch-bridge.ts): one handler per
 * method of the contract, typed from its schemas, so no input type is written by hand.
 */
export type BridgeHandlers = {
  [M in BridgeMethod]: (input: BridgeParsedInput<M>) => BridgeOutput<M> | Promise<BridgeOutput<M>>
}

export const BRIDGE_EVENTS = {
  status: KioskStatusSchema,
  scan: z.object({ text: z.string(), source: z.string(), at: z.number() }),
  locked: z.object({ reason: z.enum(['manual', 'idle', 'revoked']) }),
} as const
export type BridgeEvent = keyof typeof BRIDGE_EVENTS
export type BridgeEventPayload<E extends BridgeEvent> = z.output<(typeof BRIDGE_EVENTS)[E]>

/** What the renderer holds: one async function per method, and event subscriptions. */
export type KioskBridge = {
  [M in BridgeMethod]: (input: BridgeInput<M>) => Promise<BridgeResult<BridgeOutput<M>>>
} & {
  on: <E extends BridgeEvent>(
    event: E,
    listener: (payload: BridgeEventPayload<E>) => void,
  ) => () => void
}

/** IPC channel names (Electron) and message types (WebSocket), one per method and event. */
export const bridgeChannel = (name: BridgeMethod | BridgeEvent) => `rewardflow:${name}`
