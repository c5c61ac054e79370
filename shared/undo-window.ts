// How long a cashier may take back an operation at the kiosk. The kiosk core refuses an undo
// outside the window (UNDO_WINDOW_PASSED) and the result screen counts down with the same rule,
// both from the operation's own `occurred_at`, never from when a screen received the answer.

/** Minutes after an operation during which the kiosk may undo it. */
export const UNDO_WINDOW_MINUTES = 2

const UNDO_WINDOW_MS = UNDO_WINDOW_MINUTES * 60_000

/** What a kiosk may undo: an enrolment or an undo (a reversal) cannot be taken back. */
export const UNDOABLE_OPERATIONS: readonly string[] = ['earn', 'stamp', 'redeem']

export type UndoCheck =
  | { ok: true; msLeft: number }
  | { ok: false; code: 'NOT_REVERSIBLE' }
  | { ok: false; code: 'UNDO_WINDOW_PASSED'; details: { undo_window_minutes: number } }

/** Whether an operation of this type done at `occurredAt` may be undone at `now`, and for how long. */
export const checkUndo = (
  operation: { type: string; occurredAt: string | Date },
  now: Date,
): UndoCheck => {
  if (!UNDOABLE_OPERATIONS.includes(operation.type)) return { ok: false, code: 'NOT_REVERSIBLE' }
  const msLeft = new Date(operation.occurredAt).getTime() + UNDO_WINDOW_MS - now.getTime()
  // An unreadable time is outside the window, never inside it forever.
  if (!(msLeft > 0)) {
    return {
      ok: false,
      code: 'UNDO_WINDOW_PASSED',
      details: { undo_window_minutes: UNDO_WINDOW_MINUTES },
    }
  }
  return { ok: true, msLeft: Math.min(msLeft, UNDO_WINDOW_MS) }
}
