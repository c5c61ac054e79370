import { describe, expect, it } from 'vitest'
import { presentAdminMerchant, presentAdminStore } from './presenters.ts'

describe('platform overview presenters', () => {
  const store = presentAdminStore(
    {
      id: '2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f',
      code: 'FASHIONHUB',
      name: 'FashionHub Gare',
      active: false,
      members: 42,
    },
    'https://fashionhub.rewardflow.lu/',
  )

  it('keeps every field of a store, its members and its storefront address', () => {
    expect(store).toStrictEqual({
      id: '2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f',
      code: 'FASHIONHUB',
      name: 'FashionHub Gare',
      active: false,
      members: 42,
      storefrontUrl: 'https://fashionhub.rewardflow.lu/',
    })
  })

  it('keeps every field of a merchant: status, platform, members, programme and stores', () => {
    expect(
      presentAdminMerchant(
        {
          id: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e01',
          name: 'FashionHub',
          slug: 'fashionhub',
          status: 'suspended',
          platform_name: 'RewardFlow Luxembourg',
          members: 57,
          programme_type: 'stamps',
        },
        [store],
      ),
    ).toStrictEqual({
      id: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e01',
      name: 'FashionHub',
      slug: 'fashionhub',
      status: 'suspended',
      platformName: 'RewardFlow Luxembourg',
      members: 57,
      programmeType: 'stamps',
      stores: [store],
    })
  })
})
