import { useState } from 'react'
import type { BridgeResult, CardScreen, OperationOutcome } from '../../../shared/kiosk-bridge.ts'
import { useKiosk, type OperationKind } from '../kiosk-context.ts'

/**
 * Runs a cashier operation once (the button stays disabled until the answer), then shows the
 * result screen with the card as it is now; a refusal stays on the screen with its message.
 */
export const useOperation = (kind: OperationKind, card: CardScreen | null) => {
  const kiosk = useKiosk()
  const [busy, setBusy] = useState(false)
  const run = async (call: Promise<BridgeResult<OperationOutcome>>) => {
    setBusy(true)
    const outcome = await kiosk.attempt(call)
    if (!outcome) {
      setBusy(false)
      return
    }
    const number = outcome.cardNumber ?? card?.number
    const refreshed = number ? await kiosk.bridge.card({ number }) : null
    kiosk.feedback(outcome.status === 'review' ? 'error' : 'success')
    kiosk.go({
      name: 'result',
      kind,
      outcome,
      card: refreshed?.ok ? refreshed.value : card,
    })
  }
  return { run, busy }
}
