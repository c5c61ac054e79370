import { describe, expect, it } from 'vitest'
import { ACTIONS, authorize, can, type Action } from './policies.ts'
import { ANONYMOUS, type Principal } from './principal.ts'
import { authorizeOnMember } from './customers.ts'

// Who may do what, written out by hand: the policies' specification. A new action fails here
// until someone decides who may take it; a changed rule fails here until the table agrees.

const M = 'merchant-1'
const OTHER = 'merchant-2'
const HUB = 'store-hub'
const OUTLET = 'store-outlet'

const PRINCIPALS = {
  anonymous: ANONYMOUS,
  customer: { kind: 'customer', id: 'c1', merchantId: M },
  owner: { kind: 'merchant_user', id: 'u1', merchantId: M, role: 'owner', storeIds: null },
  manager: { kind: 'merchant_user', id: 'u2', merchantId: M, role: 'manager', storeIds: null },
  storeManager: {
    kind: 'merchant_user',
    id: 'u3',
    merchantId: M,
    role: 'manager',
    storeIds: [OUTLET],
  },
  admin: { kind: 'admin', id: 'a1' },
  kiosk: { kind: 'kiosk', id: 'k1', merchantId: M, storeId: HUB },
  apiKey: { kind: 'api_key', id: 'key1', merchantId: M },
} satisfies Record<string, Principal>

type Who = keyof typeof PRINCIPALS

const EVERYONE = Object.keys(PRINCIPALS) as Who[]
const STAFF: Who[] = ['owner', 'manager', 'storeManager']

const WHO_MAY: Record<Action, Who[]> = {
  'site.visit': EVERYONE,
  'invitation.accept': EVERYONE,
  'kiosk.pairing.exchange': EVERYONE,
  'member.account.read': ['customer'],
  'member.profile.update': ['customer'],
  'member.data.export': ['customer'],
  'member.account.delete': ['customer'],
  'card.read': [...STAFF, 'apiKey'],
  'kiosk.card.lookup': ['kiosk'],
  'card.enroll': ['apiKey'],
  'card.earn': ['apiKey'],
  'card.stamp': ['apiKey'],
  'card.redeem': ['apiKey'],
  'card.adjust': ['apiKey'],
  'entry.reverse': ['apiKey'],
  'kiosk.read': STAFF,
  'kiosk.pair': STAFF,
  'kiosk.revoke': STAFF,
  'kiosk.sync': ['kiosk'],
  'review.read': [...STAFF, 'apiKey'],
  'merchant.overview.read': STAFF,
  'team.invite': ['owner'],
  'platform.overview.read': ['admin'],
  'routing.diagnose': ['admin'],
  'email.log.read': ['admin'],
  'email.resend': ['admin'],
  'email.settings.manage': ['admin'],
  'wallet.settings.manage': ['admin'],
  'email.templates.manage': ['admin'],
  'mailbox.read': ['admin'],
  'programme.read': [...STAFF, 'apiKey'],
  'programme.update': ['owner', 'manager', 'apiKey'],
  'staff.read': [...STAFF, 'apiKey'],
  'staff.create': [...STAFF, 'apiKey'],
  'staff.update': [...STAFF, 'apiKey'],
  'staff.pin.set': [...STAFF, 'apiKey'],
  'staff.pin.unlock': [...STAFF, 'apiKey'],
  'category.read': [...STAFF, 'apiKey'],
  'category.create': [...STAFF, 'apiKey'],
  'category.update': [...STAFF, 'apiKey'],
  'settings.read': ['owner'],
  'settings.update': ['owner'],
  'team.read': ['owner'],
  'team.update': ['owner'],
  'team.remove': ['owner'],
  'api_key.read': ['owner'],
  'api_key.create': ['owner'],
  'api_key.revoke': ['owner'],
  'store.read': [...STAFF, 'apiKey'],
  'store.update': [...STAFF, 'apiKey'],
  'customer.read': [...STAFF, 'apiKey'],
  'customer.update': [...STAFF, 'apiKey'],
  'customer.adjust': [...STAFF, 'apiKey'],
  'customer.reverse': [...STAFF, 'apiKey'],
  'customer.block': [...STAFF, 'apiKey'],
  'customer.welcome.resend': [...STAFF, 'apiKey'],
  'customer.export': [...STAFF, 'apiKey'],
  'customer.anonymize': [...STAFF, 'apiKey'],
  'review.resolve': [...STAFF, 'apiKey'],
  'activity.read': ['owner', 'manager'],
  'second_factor.manage': STAFF,
  'admin.read': ['admin'],
  'admin.invite': ['admin'],
  'admin.deactivate': ['admin'],
  'platform.manage': ['admin'],
  'merchant.manage': ['admin'],
  'merchant.suspend': ['admin'],
  'store.setup': ['admin'],
  'audit.read': ['admin'],
  'alert.read': [...STAFF, 'apiKey'],
  'alert.acknowledge': [...STAFF, 'apiKey'],
  'analytics.read': STAFF,
  'export.read': [...STAFF, 'apiKey'],
  'import.run': ['owner', 'manager'],
  'webhook.read': ['owner', 'apiKey'],
  'webhook.manage': ['owner', 'apiKey'],
}

describe('who may take each action', () => {
  it('covers every action', () => {
    expect(Object.keys(WHO_MAY).sort()).toEqual([...ACTIONS].sort())
  })

  it.each(ACTIONS)('%s', (action) => {
    const allowed = EVERYONE.filter((who) => can(PRINCIPALS[who], action))
    expect(allowed).toEqual(WHO_MAY[action])
  })
})

describe('on a given thing', () => {
  const { owner, manager, storeManager, kiosk, apiKey, customer } = PRINCIPALS

  it('keeps every merchant principal to its own merchant', () => {
    for (const principal of [owner, manager, storeManager, apiKey])
      expect(can(principal, 'card.read', { merchantId: OTHER })).toBe(false)
    expect(can(kiosk, 'kiosk.sync', { merchantId: OTHER })).toBe(false)
    expect(can(apiKey, 'card.earn', { merchantId: M, storeId: OUTLET })).toBe(true)
  })

  it('lets a store manager act on their stores only, and read merchant-wide things', () => {
    expect(can(storeManager, 'kiosk.revoke', { merchantId: M, storeId: OUTLET })).toBe(true)
    expect(can(storeManager, 'kiosk.revoke', { merchantId: M, storeId: HUB })).toBe(false)
    expect(can(manager, 'kiosk.revoke', { merchantId: M, storeId: HUB })).toBe(true)
    expect(can(storeManager, 'card.read', { merchantId: M })).toBe(true)
  })

  it("lets a store manager decide only the review items of their stores' kiosks", () => {
    expect(can(storeManager, 'review.resolve', { merchantId: M, storeId: OUTLET })).toBe(true)
    expect(can(storeManager, 'review.resolve', { merchantId: M, storeId: HUB })).toBe(false)
    expect(can(manager, 'review.resolve', { merchantId: M, storeId: HUB })).toBe(true)
    expect(can(apiKey, 'review.resolve', { merchantId: M, storeId: HUB })).toBe(true)
    for (const principal of [owner, manager, apiKey])
      expect(can(principal, 'review.resolve', { merchantId: OTHER, storeId: HUB })).toBe(false)
  })

  it('lets a store manager see and acknowledge only the alerts about their stores', () => {
    for (const action of ['alert.read', 'alert.acknowledge'] as const) {
      expect(can(storeManager, action, { merchantId: M, storeId: OUTLET })).toBe(true)
      expect(can(storeManager, action, { merchantId: M, storeId: HUB })).toBe(false)
      // A card without a home store: merchant-wide, every manager sees it.
      expect(can(storeManager, action, { merchantId: M, storeId: null })).toBe(true)
      expect(can(manager, action, { merchantId: M, storeId: HUB })).toBe(true)
      expect(can(apiKey, action, { merchantId: M, storeId: HUB })).toBe(true)
      for (const principal of [owner, manager, apiKey])
        expect(can(principal, action, { merchantId: OTHER, storeId: HUB })).toBe(false)
    }
  })

  it('lets only merchant-wide staff change the programme of their own merchant', () => {
    expect(can(storeManager, 'programme.read', { merchantId: M })).toBe(true)
    expect(can(storeManager, 'programme.update', { merchantId: M })).toBe(false)
    expect(can(manager, 'programme.update', { merchantId: M })).toBe(true)
    for (const principal of [owner, manager, apiKey])
      expect(can(principal, 'programme.update', { merchantId: OTHER })).toBe(false)
  })

  it('lets a store manager manage only cashiers who work in their stores alone', () => {
    const outletOnly = { merchantId: M, storeIds: [OUTLET] }
    const hubOnly = { merchantId: M, storeIds: [HUB] }
    const both = { merchantId: M, storeIds: [HUB, OUTLET] }
    for (const action of ['staff.update', 'staff.pin.set', 'staff.pin.unlock'] as const) {
      expect(can(storeManager, action, outletOnly)).toBe(true)
      expect(can(storeManager, action, hubOnly)).toBe(false)
      expect(can(storeManager, action, both)).toBe(false)
      expect(can(manager, action, both)).toBe(true)
      expect(can(owner, action, { merchantId: OTHER, storeIds: [HUB] })).toBe(false)
    }
    expect(can(storeManager, 'staff.read', both)).toBe(true)
    expect(can(storeManager, 'staff.read', hubOnly)).toBe(false)
    expect(can(storeManager, 'staff.read', { merchantId: M, storeIds: [] })).toBe(false)
    expect(can(manager, 'staff.read', { merchantId: M, storeIds: [] })).toBe(true)
    expect(can(apiKey, 'staff.pin.unlock', both)).toBe(true)
    expect(can(apiKey, 'staff.pin.unlock', { merchantId: OTHER, storeIds: [HUB] })).toBe(false)
  })

  it('lets a store manager manage the categories of their stores, never merchant-wide ones', () => {
    const wide = { merchantId: M, storeId: null }
    const outlet = { merchantId: M, storeId: OUTLET }
    const hub = { merchantId: M, storeId: HUB }
    for (const action of ['category.create', 'category.update'] as const) {
      expect(can(storeManager, action, outlet)).toBe(true)
      expect(can(storeManager, action, hub)).toBe(false)
      expect(can(storeManager, action, wide)).toBe(false)
      expect(can(manager, action, wide)).toBe(true)
      expect(can(apiKey, action, hub)).toBe(true)
      expect(can(owner, action, { merchantId: OTHER, storeId: null })).toBe(false)
    }
    expect(can(storeManager, 'category.read', wide)).toBe(true)
    expect(can(storeManager, 'category.read', hub)).toBe(false)
  })

  it("lets only the merchant's owner change the merchant's settings", () => {
    expect(can(owner, 'settings.update', { merchantId: M })).toBe(true)
    expect(can(owner, 'settings.update', { merchantId: OTHER })).toBe(false)
    expect(can(manager, 'settings.update', { merchantId: M })).toBe(false)
  })

  it('lets a store manager see and edit their own stores only, owners and keys every store', () => {
    for (const action of ['store.read', 'store.update'] as const) {
      expect(can(storeManager, action, { merchantId: M, storeId: OUTLET })).toBe(true)
      expect(can(storeManager, action, { merchantId: M, storeId: HUB })).toBe(false)
      for (const principal of [owner, manager, apiKey]) {
        expect(can(principal, action, { merchantId: M, storeId: HUB })).toBe(true)
        expect(can(principal, action, { merchantId: OTHER, storeId: HUB })).toBe(false)
      }
    }
  })

  it('lets a member reach only their own account', () => {
    expect(can(customer, 'member.account.read', { merchantId: M, customerId: 'c1' })).toBe(true)
    expect(can(customer, 'member.account.read', { merchantId: M, customerId: 'c2' })).toBe(false)
    expect(can(customer, 'member.account.read', { merchantId: OTHER, customerId: 'c1' })).toBe(
      false,
    )
  })

  it('answers nobody UNAUTHENTICATED, the wrong someone FORBIDDEN, out of reach NOT_FOUND', () => {
    const codeOf = (run: () => void) => {
      try {
        run()
        return 'allowed'
      } catch (error) {
        return (error as { code: string }).code
      }
    }
    expect(codeOf(() => authorize(ANONYMOUS, 'kiosk.revoke'))).toBe('UNAUTHENTICATED')
    expect(codeOf(() => authorize(customer, 'kiosk.revoke'))).toBe('FORBIDDEN')
    expect(
      codeOf(() => authorize(storeManager, 'kiosk.revoke', { merchantId: M, storeId: HUB })),
    ).toBe('NOT_FOUND')
    expect(
      codeOf(() => authorize(storeManager, 'kiosk.revoke', { merchantId: M, storeId: OUTLET })),
    ).toBe('allowed')
  })
})

describe('members of the merchant (customers and cards)', () => {
  const { owner, manager, storeManager, apiKey, kiosk, customer } = PRINCIPALS
  const ACTING = [
    'customer.update',
    'customer.adjust',
    'customer.reverse',
    'customer.block',
    'customer.welcome.resend',
    'customer.export',
    'customer.anonymize',
  ] as const
  const hubMember = { merchantId: M, homeStoreId: HUB }
  const outletMember = { merchantId: M, homeStoreId: OUTLET }
  const homeless = { merchantId: M, homeStoreId: null }

  it('lets every owner, manager and key see every member of their merchant, a store manager too', () => {
    for (const principal of [owner, manager, storeManager, apiKey]) {
      for (const member of [hubMember, outletMember, homeless])
        expect(can(principal, 'customer.read', member)).toBe(true)
      expect(can(principal, 'customer.read', { merchantId: OTHER, homeStoreId: HUB })).toBe(false)
    }
    expect(can(kiosk, 'customer.read', hubMember)).toBe(false)
    expect(can(customer, 'customer.read', hubMember)).toBe(false)
  })

  it('lets a store manager act only on members whose home store is theirs', () => {
    for (const action of ACTING) {
      expect(can(storeManager, action, outletMember)).toBe(true)
      expect(can(storeManager, action, hubMember)).toBe(false)
      expect(can(storeManager, action, homeless)).toBe(false)
      for (const principal of [owner, manager, apiKey]) {
        expect(can(principal, action, hubMember)).toBe(true)
        expect(can(principal, action, homeless)).toBe(true)
        expect(can(principal, action, { merchantId: OTHER, homeStoreId: HUB })).toBe(false)
      }
    }
  })

  it('answers FORBIDDEN on a member a store manager sees but may not change, NOT_FOUND on another merchant', () => {
    const codeOf = (run: () => void) => {
      try {
        run()
        return 'allowed'
      } catch (error) {
        return (error as { code: string }).code
      }
    }
    expect(codeOf(() => authorizeOnMember(storeManager, 'customer.block', hubMember))).toBe(
      'FORBIDDEN',
    )
    expect(codeOf(() => authorizeOnMember(storeManager, 'customer.block', outletMember))).toBe(
      'allowed',
    )
    expect(
      codeOf(() =>
        authorizeOnMember(owner, 'customer.block', { merchantId: OTHER, homeStoreId: null }),
      ),
    ).toBe('NOT_FOUND')
  })
})
