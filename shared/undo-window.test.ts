import { describe, expect, it } from 'vitest'
import { checkUndo, UNDO_WINDOW_MINUTES } from './undo-window.ts'

const at = '2026-11-20T12:00:00.000Z'
const after = (ms: number) => new Date(Date.parse(at) + ms)

describe('checkUndo', () => {
  it('allows an earning, a stamp or a redemption for the window, from its own time', () => {
    expect(UNDO_WINDOW_MINUTES).toBe(2)
    for (const type of ['earn', 'stamp', 'redeem']) {
      expect(checkUndo({ type, occurredAt: at }, after(0))).toEqual({ ok: true, msLeft: 120_000 })
      expect(checkUndo({ type, occurredAt: new Date(at) }, after(119_000))).toEqual({
        ok: true,
        msLeft: 1_000,
      })
    }
  })

  it('refuses once the window has passed, with its length', () => {
    for (const ms of [120_000, 120_001, 3_600_000]) {
      expect(checkUndo({ type: 'earn', occurredAt: at }, after(ms))).toEqual({
        ok: false,
        code: 'UNDO_WINDOW_PASSED',
        details: { undo_window_minutes: 2 },
      })
    }
    expect(checkUndo({ type: 'earn', occurredAt: 'not a time' }, after(0))).toMatchObject({
      ok: false,
      code: 'UNDO_WINDOW_PASSED',
    })
  })

  it('never offers more than the window (a clock behind the operation)', () => {
    expect(checkUndo({ type: 'earn', occurredAt: at }, after(-60_000))).toEqual({
      ok: true,
      msLeft: 120_000,
    })
  })

  it('refuses an enrolment or an undo at any time', () => {
    for (const type of ['enroll', 'reverse', 'undo']) {
      expect(checkUndo({ type, occurredAt: at }, after(0))).toEqual({
        ok: false,
        code: 'NOT_REVERSIBLE',
      })
    }
  })
})
