import { createContext, useContext } from 'react'
import type {
  BridgeError,
  CardScreen,
  KioskBridge,
  KioskStatus,
  OperationOutcome,
} from '../../shared/kiosk-bridge.ts'
import type { Language } from '../../shared/languages.ts'
import type { FeedbackKind } from './feedback.ts'

export type OperationKind = 'earn' | 'stamp' | 'redeem' | 'enroll' | 'undo'

/** Where the cashier is. */
export type Screen =
  | { name: 'ready' }
  | { name: 'card'; card: CardScreen }
  | { name: 'earn'; card: CardScreen }
  | { name: 'stamp'; card: CardScreen }
  | { name: 'redeem'; card: CardScreen }
  | { name: 'enroll' }
  | {
      name: 'result'
      kind: OperationKind
      outcome: OperationOutcome
      card: CardScreen | null
    }
  | { name: 'settings' }

export type Kiosk = {
  bridge: KioskBridge
  status: KioskStatus
  language: Language
  timeZone: string
  go: (screen: Screen) => void
  /** Opens a card by what was typed or scanned; shows the error otherwise. */
  openCard: (text: string) => Promise<void>
  /** Runs a bridge call; on failure shows its localized error and answers null. */
  attempt: <T>(
    call: Promise<{ ok: true; value: T } | { ok: false; error: BridgeError }>,
  ) => Promise<T | null>
  feedback: (kind: FeedbackKind) => void
}

export const KioskContext = createContext<Kiosk | null>(null)

export const useKiosk = (): Kiosk => {
  const kiosk = useContext(KioskContext)
  if (!kiosk) throw new Error('useKiosk outside <KioskContext>')
  return kiosk
}
