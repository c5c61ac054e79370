import { describe, expect, it } from 'vitest'
import { ProgrammeDetail, RewardDetail } from '../../shared/schemas/programme-api.ts'
import { changedFields } from '../audit/audited.ts'
import type { ProgrammeRow, RewardRow } from './models.ts'
import { presentProgrammeDetail, presentRewardDetail } from './programme-presenters.ts'

const at = new Date('2026-12-07T10:00:00Z')

const programme = {
  id: '3b4c5d6e-7f80-4912-a3b4-c5d6e7f80901',
  merchant_id: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e01',
  type: 'stamps',
  name: { en: 'Coffee card', fr: 'Carte café' },
  terms: { en: 'Terms', fr: 'Conditions' },
  terms_url: null,
  points_per_currency_unit: 1,
  stamps_required: 8,
  welcome_bonus: 1,
  cooldown_minutes: 15,
  daily_cap: 3,
  expiry_months: null,
  status: 'draft',
  version: 4,
  created_at: at,
  updated_at: at,
} satisfies ProgrammeRow

describe('programme presenters', () => {
  it('keeps every setting of the programme, its version and what the page needs beside it', () => {
    const view = presentProgrammeDetail(programme, {
      members: 12,
      offlineLimits: { max_offline_minutes_for_redemptions: 90, max_offline_redemption_points: 40 },
      storeLanguages: ['fr', 'lb'],
    })
    expect(view).toStrictEqual({
      id: programme.id,
      type: 'stamps',
      status: 'draft',
      name: { en: 'Coffee card', fr: 'Carte café' },
      terms: { en: 'Terms', fr: 'Conditions' },
      terms_url: null,
      points_per_currency_unit: 1,
      stamps_required: 8,
      welcome_bonus: 1,
      cooldown_minutes: 15,
      daily_cap: 3,
      expiry_months: null,
      offline_limits: {
        max_offline_minutes_for_redemptions: 90,
        max_offline_redemption_points: 40,
      },
      members: 12,
      missing_terms: ['lb'],
      version: 4,
      updated_at: '2026-12-07T10:00:00.000Z',
    })
    expect(ProgrammeDetail.parse(view)).toEqual(view)
  })

  it('keeps every field of a reward', () => {
    const reward = {
      id: '4c5d6e7f-8091-4a23-b4c5-d6e7f8091a01',
      merchant_id: programme.merchant_id,
      programme_id: programme.id,
      name: { en: 'Free coffee', lb: 'Gratis Kaffi' },
      description: { en: 'Any size' },
      cost: 8,
      active: false,
      position: 2,
      version: 3,
    } satisfies RewardRow
    const view = presentRewardDetail(reward, true)
    expect(view).toStrictEqual({
      id: reward.id,
      programme_id: programme.id,
      name: { en: 'Free coffee', lb: 'Gratis Kaffi' },
      description: { en: 'Any size' },
      cost: 8,
      active: false,
      position: 2,
      in_use: true,
      version: 3,
    })
    expect(RewardDetail.parse(view)).toEqual(view)
  })
})

describe('changedFields', () => {
  it('keeps only the fields that differ, on both sides', () => {
    expect(
      changedFields(
        { cost: 1, name: { en: 'a' }, active: true },
        { cost: 2, name: { en: 'a' }, active: true },
      ),
    ).toEqual({ before: { cost: 1 }, after: { cost: 2 } })
  })

  it('keeps everything for a creation or a deletion', () => {
    expect(changedFields(null, { cost: 2 })).toEqual({ before: null, after: { cost: 2 } })
    expect(changedFields({ cost: 2 }, null)).toEqual({ before: { cost: 2 }, after: null })
  })
})
