import { describe, expect, it } from 'vitest'
import { checkCanEarn, checkCanRedeem, checkCardUsable } from './eligibility.ts'

const active = { status: 'active' } as const
const blocked = { status: 'blocked' } as const
const points = (status: 'draft' | 'active' | 'paused') => ({ type: 'points', status }) as const

describe('eligibility', () => {
  it('refuses any movement on a blocked card', () => {
    expect(checkCardUsable(blocked)).toEqual({ ok: false, code: 'CARD_BLOCKED' })
    expect(checkCardUsable(active)).toEqual({ ok: true })
    expect(checkCanRedeem(blocked, points('active'))).toEqual({ ok: false, code: 'CARD_BLOCKED' })
  })

  it('earns only on an active programme of the same kind', () => {
    expect(checkCanEarn(active, points('active'), 'points')).toEqual({ ok: true })
    expect(checkCanEarn(active, points('paused'), 'points')).toEqual({
      ok: false,
      code: 'PROGRAM_INACTIVE',
    })
    expect(checkCanEarn(active, points('active'), 'stamps')).toEqual({
      ok: false,
      code: 'PROGRAM_TYPE_MISMATCH',
      details: { expected: 'stamps', actual: 'points' },
    })
  })

  it('says why in the order the server checks: card, then programme status, then kind', () => {
    expect(checkCanEarn(blocked, points('paused'), 'stamps')).toMatchObject({
      code: 'CARD_BLOCKED',
    })
    expect(checkCanEarn(active, points('paused'), 'stamps')).toMatchObject({
      code: 'PROGRAM_INACTIVE',
    })
  })

  it('redeems on a paused programme, never on a draft', () => {
    expect(checkCanRedeem(active, points('paused'))).toEqual({ ok: true })
    expect(checkCanRedeem(active, points('draft'))).toEqual({ ok: false, code: 'PROGRAM_INACTIVE' })
  })
})
