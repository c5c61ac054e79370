import type { Knex } from 'knex'
import bcrypt from 'bcrypt'
import { systemActor } from '../auth/actor.ts'
import { enrollCustomer } from '../loyalty/commands/enroll-customer.ts'
import { earnPoints } from '../loyalty/commands/earn-points.ts'
import { refreshAnalytics } from '../analytics/refresh-summaries.ts'
import { addStamps } from '../loyalty/commands/add-stamps.ts'
import { redeemReward } from '../loyalty/commands/redeem-reward.ts'
import { createApiKey } from '../api-keys/api-keys.ts'
import { verifyPassword } from '../accounts/passwords.ts'
import {
  environmentSecondFactorKey,
  openTotpSecret,
  sealTotpSecret,
} from '../accounts/second-factor.ts'
import type { Language, LocalizedText } from '../../shared/languages.ts'

// The demo world. Every row has a fixed id and every movement a fixed client id, so seeding
// again inserts nothing and replays every movement as a duplicate (docs/lessons.md #5).

export const DEMO = {
  platformId: '0b9f3c1e-7a52-4c1d-9d0e-2f5b8a6c4d01',
  platformAdminId: '7f8091a2-b3c4-4d56-a7f8-091a2b3c4d01',
  fashion: {
    merchantId: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e01',
    hubStoreId: '2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c01',
    outletStoreId: '2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c02',
    programmeId: '3b4c5d6e-7f80-4912-a3b4-c5d6e7f80901',
    rewardIds: [
      '4c5d6e7f-8091-4a23-b4c5-d6e7f8091a01',
      '4c5d6e7f-8091-4a23-b4c5-d6e7f8091a02',
      '4c5d6e7f-8091-4a23-b4c5-d6e7f8091a03',
    ],
    staffId: '6e7f8091-a2b3-4c45-96e7-f8091a2b3c01',
    ownerUserId: '7f8091a2-b3c4-4d56-a7f8-091a2b3c4d02',
    categoryIds: [
      '5d6e7f80-91a2-4b34-85d6-e7f8091a2b01',
      '5d6e7f80-91a2-4b34-85d6-e7f8091a2b02',
      '5d6e7f80-91a2-4b34-85d6-e7f8091a2b03',
    ],
  },
  cafe: {
    merchantId: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e02',
    storeId: '2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c03',
    programmeId: '3b4c5d6e-7f80-4912-a3b4-c5d6e7f80902',
    rewardIds: ['4c5d6e7f-8091-4a23-b4c5-d6e7f8091a04', '4c5d6e7f-8091-4a23-b4c5-d6e7f8091a05'],
    staffId: '6e7f8091-a2b3-4c45-96e7-f8091a2b3c02',
  },
} as const

// A tenant table's key is (id, merchant_id) (migration 0038).
const upsert = (db: Knex, table: string, rows: Record<string, unknown>[]) =>
  db(table)
    .insert(rows)
    .onConflict(rows[0] && 'merchant_id' in rows[0] ? ['id', 'merchant_id'] : ['id'])
    .ignore()

const text = (en: string, fr: string, de: string, lb: string): LocalizedText => ({ en, fr, de, lb })

type DemoCustomer = {
  key: string
  email: string
  name: string
  phone: string
  birthday: string
  language: Language
  consent: boolean
}

const FASHION_CUSTOMERS: DemoCustomer[] = [
  {
    key: '01',
    email: 'marie.schmit@example.lu',
    name: 'Marie Schmit',
    phone: '+352 621 123 456',
    birthday: '1988-04-12',
    language: 'fr',
    consent: true,
  },
  {
    key: '02',
    email: 'luc.weber@example.lu',
    name: 'Luc Weber',
    phone: '+352 691 234 567',
    birthday: '1975-11-03',
    language: 'lb',
    consent: false,
  },
  {
    key: '03',
    email: 'anna.mueller@example.de',
    name: 'Anna Müller',
    phone: '+49 170 1234567',
    birthday: '1992-07-28',
    language: 'de',
    consent: true,
  },
  {
    key: '04',
    email: 'john.smith@example.com',
    name: 'John Smith',
    phone: '+44 7700 900123',
    birthday: '1983-01-19',
    language: 'en',
    consent: false,
  },
  {
    key: '05',
    email: 'sofia.rodrigues@example.lu',
    name: 'Sofia Rodrigues',
    phone: '+352 661 345 678',
    birthday: '1999-09-09',
    language: 'fr',
    consent: true,
  },
]

const CAFE_CUSTOMERS: DemoCustomer[] = [
  {
    key: '11',
    email: 'marie.schmit@example.lu',
    name: 'Marie Schmit',
    phone: '+352 621 123 456',
    birthday: '1988-04-12',
    language: 'fr',
    consent: false,
  },
  {
    key: '12',
    email: 'tom.hoffmann@example.lu',
    name: 'Tom Hoffmann',
    phone: '+352 621 987 654',
    birthday: '2001-02-14',
    language: 'lb',
    consent: true,
  },
]

/** A fixed client id per demo movement: `c1e0…<customer key><movement no.>`. */
const clientId = (customerKey: string, n: number) =>
  `c1e00000-0000-4000-8000-0000${customerKey}${String(n).padStart(6, '0')}`

const day = (iso: string) => new Date(iso)

/** The demo cashier's PIN (demo data only; printed by npm start). */
export const DEMO_STAFF_PIN = '482913'

/** The demo web logins (demo data only; printed by npm start while they still work). */
export const DEMO_LOGINS = {
  admin: { email: 'admin@rewardflow.lu', password: 'demo-admin-2026', name: 'Demo Admin' },
  fashionOwner: {
    email: 'owner@fashion-group.lu',
    password: 'demo-owner-2026',
    name: 'Demo Owner',
  },
} as const

/**
 * The demo admin's TOTP secret (demo data only, published like the password: printed by npm
 * start and written to DATA_DIR/demo-logins.json, so scripts and tests compute its codes).
 */
export const DEMO_ADMIN_TOTP_SECRET = 'JBSWY3DPEHPK3PXPDEMOADMINTWOZZZZ'

export type SeedResult = { demoApiKeyToken: string | null }

export type SeedOptions = {
  /** The key TOTP secrets are encrypted with: the running configuration's (secondFactorKey). */
  secretKey?: Buffer
}

/** Inserts the demo world unless it is there; safe to run any number of times. */
export const seedDemoData = async (db: Knex, options: SeedOptions = {}): Promise<SeedResult> => {
  const f = DEMO.fashion
  const c = DEMO.cafe
  await upsert(db, 'platforms', [
    { id: DEMO.platformId, code: 'rewardflow', name: 'RewardFlow', base_domain: 'rewardflow.lu' },
  ])
  await upsert(db, 'merchants', [
    {
      id: f.merchantId,
      platform_id: DEMO.platformId,
      slug: 'fashion-group',
      name: 'Fashion Group S.A.',
      default_language: 'fr',
    },
    {
      id: c.merchantId,
      platform_id: DEMO.platformId,
      slug: 'cafe-letzebuerg',
      name: 'Café Lëtzebuerg S.à r.l.',
      default_language: 'lb',
    },
  ])
  await upsert(db, 'stores', [
    {
      id: f.hubStoreId,
      merchant_id: f.merchantId,
      code: 'FASHIONHUB',
      name: 'FashionHub',
      subdomain: 'fashionhub',
      custom_domain: 'fashionhub.lu',
      description: text(
        'Fashion for the whole family in the heart of Luxembourg City.',
        'La mode pour toute la famille au cœur de la ville de Luxembourg.',
        'Mode für die ganze Familie im Herzen der Stadt Luxemburg.',
        'Moud fir déi ganz Famill am Häerz vun der Stad Lëtzebuerg.',
      ),
      address_line1: '12, Grand-Rue',
      postal_code: 'L-1660',
      city: 'Luxembourg',
      country: 'LU',
      default_language: 'fr',
      brand_color: '#3538cd',
    },
    {
      id: f.outletStoreId,
      merchant_id: f.merchantId,
      code: 'FASHIONOUTLET',
      name: 'FashionOutlet',
      subdomain: 'fashionoutlet',
      description: text(
        'Last season’s collections at outlet prices, in Esch-sur-Alzette.',
        'Les collections de la saison passée à prix outlet, à Esch-sur-Alzette.',
        'Kollektionen der letzten Saison zu Outlet-Preisen, in Esch an der Alzette.',
        'D’Kollektioune vun der leschter Saison zu Outlet-Präisser, an Esch-Uelzecht.',
      ),
      address_line1: '45, rue de l’Alzette',
      postal_code: 'L-4011',
      city: 'Esch-sur-Alzette',
      country: 'LU',
      default_language: 'fr',
      brand_color: '#0e7490',
    },
    {
      id: c.storeId,
      merchant_id: c.merchantId,
      code: 'CAFEGARE',
      name: 'Café de la Gare',
      subdomain: 'cafegare',
      description: text(
        'Coffee, pastries and a warm welcome opposite the station.',
        'Café, pâtisseries et un accueil chaleureux en face de la gare.',
        'Kaffee, Gebäck und ein herzlicher Empfang gegenüber dem Bahnhof.',
        'Kaffi, Gebäck an e waarme Wëllkomm vis-à-vis vun der Gare.',
      ),
      address_line1: '3, place de la Gare',
      postal_code: 'L-1616',
      city: 'Luxembourg',
      country: 'LU',
      default_language: 'lb',
      brand_color: '#92400e',
    },
  ])
  await upsert(db, 'programmes', [
    {
      id: f.programmeId,
      merchant_id: f.merchantId,
      type: 'points',
      name: text('Fashion Points', 'Points Fashion', 'Fashion-Punkte', 'Fashion-Punkten'),
      terms: text(
        'Earn 1 point per euro spent in any FashionHub or FashionOutlet store. Points expire after 24 months without a purchase. One card per person.',
        'Gagnez 1 point par euro dépensé dans tous les magasins FashionHub et FashionOutlet. Les points expirent après 24 mois sans achat. Une carte par personne.',
        'Sammeln Sie 1 Punkt pro ausgegebenem Euro in allen FashionHub- und FashionOutlet-Geschäften. Punkte verfallen nach 24 Monaten ohne Einkauf. Eine Karte pro Person.',
        'Sammelt 1 Punkt pro ausginnegen Euro an all de Geschäfter vu FashionHub a FashionOutlet. D’Punkte verfalen no 24 Méint ouni Akaf. Eng Kaart pro Persoun.',
      ),
      points_per_currency_unit: 1,
      welcome_bonus: 50,
      cooldown_minutes: 5,
      daily_cap: 2000,
      expiry_months: 24,
      status: 'active',
    },
    {
      id: c.programmeId,
      merchant_id: c.merchantId,
      type: 'stamps',
      name: text('Coffee card', 'Carte café', 'Kaffeekarte', 'Kaffiskaart'),
      terms: text(
        'One stamp per visit with a purchase; ten stamps give a free coffee.',
        'Un tampon par visite avec achat ; dix tampons donnent un café offert.',
        'Ein Stempel pro Besuch mit Einkauf; zehn Stempel ergeben einen Gratiskaffee.',
        'Ee Stempel pro Visite mat Akaf; zéng Stempelen ginn e gratis Kaffi.',
      ),
      stamps_required: 10,
      welcome_bonus: 1,
      cooldown_minutes: 30,
      daily_cap: 3,
      status: 'active',
    },
  ])
  await upsert(db, 'rewards', [
    {
      id: f.rewardIds[0],
      merchant_id: f.merchantId,
      programme_id: f.programmeId,
      cost: 100,
      value_cents: 500,
      position: 1,
      name: text('€5 voucher', 'Bon d’achat de 5 €', '5-€-Gutschein', 'Bong vu 5 €'),
      description: text(
        'Valid on your next purchase.',
        'Valable sur votre prochain achat.',
        'Gültig für Ihren nächsten Einkauf.',
        'Gëlteg op Ärem nächsten Akaf.',
      ),
    },
    {
      id: f.rewardIds[1],
      merchant_id: f.merchantId,
      programme_id: f.programmeId,
      cost: 250,
      position: 2,
      name: text('Canvas tote bag', 'Sac cabas en toile', 'Stofftasche', 'Stoffsak'),
      description: text(
        'Our organic cotton tote.',
        'Notre cabas en coton bio.',
        'Unsere Tasche aus Bio-Baumwolle.',
        'Eise Sak aus Bio-Koteng.',
      ),
    },
    {
      id: f.rewardIds[2],
      merchant_id: f.merchantId,
      programme_id: f.programmeId,
      cost: 500,
      value_cents: 3000,
      position: 3,
      name: text('€30 voucher', 'Bon d’achat de 30 €', '30-€-Gutschein', 'Bong vu 30 €'),
      description: text(
        'Valid for three months.',
        'Valable trois mois.',
        'Drei Monate gültig.',
        'Dräi Méint gëlteg.',
      ),
    },
    {
      id: c.rewardIds[0],
      merchant_id: c.merchantId,
      programme_id: c.programmeId,
      cost: 10,
      position: 1,
      name: text('Free coffee', 'Café offert', 'Gratiskaffee', 'Gratis Kaffi'),
      description: text('Any size.', 'Toutes tailles.', 'Jede Größe.', 'All Gréisst.'),
    },
    {
      id: c.rewardIds[1],
      merchant_id: c.merchantId,
      programme_id: c.programmeId,
      cost: 5,
      position: 2,
      name: text('Croissant', 'Croissant', 'Croissant', 'Croissant'),
      description: text(
        'Fresh every morning.',
        'Frais chaque matin.',
        'Jeden Morgen frisch.',
        'All Moie frësch.',
      ),
    },
  ])
  await upsert(db, 'transaction_categories', [
    {
      id: f.categoryIds[0],
      merchant_id: f.merchantId,
      code: 'clothing',
      position: 1,
      name: text('Clothing', 'Vêtements', 'Bekleidung', 'Kleeder'),
    },
    {
      id: f.categoryIds[1],
      merchant_id: f.merchantId,
      code: 'shoes',
      position: 2,
      name: text('Shoes', 'Chaussures', 'Schuhe', 'Schong'),
    },
    {
      id: f.categoryIds[2],
      merchant_id: f.merchantId,
      code: 'accessories',
      position: 3,
      name: text('Accessories', 'Accessoires', 'Accessoires', 'Accessoiren'),
    },
  ])

  // A cashier for both Fashion stores and one for the café (kiosk PIN pad), same demo PIN.
  const pinHash = await bcrypt.hash(DEMO_STAFF_PIN, 10)
  await upsert(db, 'staff', [
    {
      id: f.staffId,
      merchant_id: f.merchantId,
      name: 'Demo Cashier',
      pin_hash: pinHash,
      pin_changed_at: db.fn.now(),
    },
    {
      id: c.staffId,
      merchant_id: c.merchantId,
      name: 'Demo Barista',
      pin_hash: pinHash,
      pin_changed_at: db.fn.now(),
    },
  ])
  await db('staff_stores')
    .insert([
      ...[f.hubStoreId, f.outletStoreId].map((store_id) => ({
        merchant_id: f.merchantId,
        staff_id: f.staffId,
        store_id,
      })),
      { merchant_id: c.merchantId, staff_id: c.staffId, store_id: c.storeId },
    ])
    .onConflict(['staff_id', 'store_id', 'merchant_id'])
    .ignore()

  await seedDemoLogins(db, options.secretKey ?? environmentSecondFactorKey())

  const cards = new Map<string, string>()
  for (const [merchantId, storeCode, list] of [
    [f.merchantId, 'FASHIONHUB', FASHION_CUSTOMERS],
    [c.merchantId, 'CAFEGARE', CAFE_CUSTOMERS],
  ] as const) {
    for (const person of list) {
      const enrollment = await enrollCustomer(db, {
        merchantId,
        storeCode,
        clientId: clientId(person.key, 0),
        email: person.email,
        name: person.name,
        phone: person.phone,
        birthday: person.birthday,
        preferredLanguage: person.language,
        marketingConsent: person.consent,
        occurredAt: day('2026-09-01T09:00:00Z'),
        sendEmails: false,
        actor: systemActor(merchantId, 'seed'),
      })
      cards.set(person.key, enrollment.card.number)
    }
  }

  // Purchases in both Fashion stores, and a reward earned in one store and redeemed in the other.
  const fashionActor = systemActor(f.merchantId, 'seed')
  const purchases: [key: string, store: string, cents: number, at: string][] = [
    ['01', 'FASHIONHUB', 8_950, '2026-09-05T10:15:00Z'],
    ['01', 'FASHIONOUTLET', 4_500, '2026-09-20T15:40:00Z'],
    ['01', 'FASHIONHUB', 12_990, '2026-10-11T11:05:00Z'],
    ['02', 'FASHIONOUTLET', 23_000, '2026-09-12T14:00:00Z'],
    ['02', 'FASHIONHUB', 6_480, '2026-10-30T17:20:00Z'],
    ['03', 'FASHIONHUB', 3_999, '2026-10-02T09:45:00Z'],
    ['04', 'FASHIONOUTLET', 15_500, '2026-11-07T13:10:00Z'],
    ['05', 'FASHIONHUB', 45_900, '2026-10-18T16:30:00Z'],
  ]
  for (const [i, [key, store, cents, at]] of purchases.entries()) {
    await earnPoints(db, {
      merchantId: f.merchantId,
      cardNumber: cards.get(key)!,
      storeCode: store,
      clientId: clientId(key, 100 + i),
      amountCents: cents,
      categoryId: f.categoryIds[i % 3],
      occurredAt: day(at),
      actor: fashionActor,
    })
  }
  await redeemReward(db, {
    merchantId: f.merchantId,
    cardNumber: cards.get('02')!,
    storeCode: 'FASHIONHUB',
    clientId: clientId('02', 200),
    rewardId: f.rewardIds[1],
    occurredAt: day('2026-11-02T10:00:00Z'),
    actor: fashionActor,
  })
  await redeemReward(db, {
    merchantId: f.merchantId,
    cardNumber: cards.get('05')!,
    storeCode: 'FASHIONOUTLET',
    clientId: clientId('05', 200),
    rewardId: f.rewardIds[0],
    occurredAt: day('2026-11-10T12:00:00Z'),
    actor: fashionActor,
  })

  const cafeActor = systemActor(c.merchantId, 'seed')
  const visits = [
    '2026-10-01',
    '2026-10-03',
    '2026-10-08',
    '2026-10-15',
    '2026-10-22',
    '2026-11-05',
  ]
  for (const [i, date] of visits.entries()) {
    for (const key of ['11', '12']) {
      await addStamps(db, {
        merchantId: c.merchantId,
        cardNumber: cards.get(key)!,
        storeCode: 'CAFEGARE',
        clientId: clientId(key, 100 + i),
        count: 1,
        occurredAt: day(`${date}T07:45:00Z`),
        actor: cafeActor,
      })
    }
  }

  // The analytics summaries at once (the job would fold the demo history within a minute).
  await refreshAnalytics(db, { lagSeconds: 0 })
  return { demoApiKeyToken: await ensureDemoApiKey(db, f.merchantId) }
}

const DEMO_KEY_NAME = 'Demo key (created by the seed)'

/** Creates the demo API key once; its token is returned only on that first run. */
const ensureDemoApiKey = async (db: Knex, merchantId: string): Promise<string | null> => {
  const existing = await db('api_keys')
    .where({ merchant_id: merchantId, name: DEMO_KEY_NAME })
    .first('id')
  if (existing) return null
  const key = await createApiKey(db, {
    merchantId,
    name: DEMO_KEY_NAME,
    actor: systemActor(merchantId, 'seed'),
  })
  return key.token
}

// bcrypt cost 10 is enough for a demo password printed on the console.
const DEMO_PASSWORD_COST = 10

/** A platform admin and the owner of Fashion Group, hashed only when first inserted. */
const seedDemoLogins = async (db: Knex, secretKey: Buffer) => {
  const { admin, fashionOwner } = DEMO_LOGINS
  if (!(await db('platform_admins').where('id', DEMO.platformAdminId).first('id'))) {
    await upsert(db, 'platform_admins', [
      {
        id: DEMO.platformAdminId,
        email: admin.email,
        name: admin.name,
        preferred_language: 'en',
        password_hash: await bcrypt.hash(admin.password, DEMO_PASSWORD_COST),
        password_set_at: db.fn.now(),
        // Enrolled already: admins must have a second factor (published with the password).
        totp_secret: sealTotpSecret(DEMO_ADMIN_TOTP_SECRET, secretKey),
        totp_enabled_at: db.fn.now(),
      },
    ])
  }
  if (!(await db('merchant_users').where('id', DEMO.fashion.ownerUserId).first('id'))) {
    await upsert(db, 'merchant_users', [
      {
        id: DEMO.fashion.ownerUserId,
        merchant_id: DEMO.fashion.merchantId,
        email: fashionOwner.email,
        name: fashionOwner.name,
        role: 'owner',
        preferred_language: 'fr',
        password_hash: await bcrypt.hash(fashionOwner.password, DEMO_PASSWORD_COST),
        password_set_at: db.fn.now(),
      },
    ])
  }
}

export type DemoLogin = { who: string; email: string; password: string; totpSecret?: string }

/** Whether the stored TOTP secret is the published demo one (readable with this key). */
const isDemoTotpSecret = (stored: string | null, secretKey: Buffer | undefined) => {
  if (!stored || !secretKey) return false
  try {
    return openTotpSecret(stored, secretKey) === DEMO_ADMIN_TOTP_SECRET
  } catch {
    return false
  }
}

/**
 * The demo logins that still work (present, active, password unchanged), for the console and
 * DATA_DIR/demo-logins.json; the admin's with its TOTP secret while it is the demo one.
 */
export const workingDemoLogins = async (db: Knex, secretKey?: Buffer): Promise<DemoLogin[]> => {
  const { admin, fashionOwner } = DEMO_LOGINS
  const [adminRow, ownerRow] = await Promise.all([
    db('platform_admins')
      .where({ id: DEMO.platformAdminId, active: true })
      .first('password_hash', 'totp_secret'),
    db('merchant_users')
      .where({ id: DEMO.fashion.ownerUserId, active: true })
      .first('password_hash'),
  ])
  const logins: DemoLogin[] = []
  if (
    adminRow &&
    (await verifyPassword(admin.password, adminRow.password_hash, DEMO_PASSWORD_COST))
  )
    logins.push({
      who: 'Platform admin',
      ...pick(admin),
      ...(isDemoTotpSecret(adminRow.totp_secret, secretKey)
        ? { totpSecret: DEMO_ADMIN_TOTP_SECRET }
        : {}),
    })
  if (
    ownerRow &&
    (await verifyPassword(fashionOwner.password, ownerRow.password_hash, DEMO_PASSWORD_COST))
  )
    logins.push({ who: 'Merchant owner (Fashion Group S.A.)', ...pick(fashionOwner) })
  return logins
}

const pick = (login: { email: string; password: string }) => ({
  email: login.email,
  password: login.password,
})

/**
 * Production refuses a database that holds the demo data: its logins are published (README,
 * npm start). Null when there is none, else the refusal naming them.
 */
export const demoDataRefusal = async (db: Knex): Promise<string | null> => {
  const [admin, owner, platform] = await Promise.all([
    db('platform_admins').where('id', DEMO.platformAdminId).first('email'),
    db('merchant_users').where('id', DEMO.fashion.ownerUserId).first('email'),
    db('platforms').where('id', DEMO.platformId).first('id'),
  ])
  if (!admin && !owner && !platform) return null
  const logins = [DEMO_LOGINS.admin, DEMO_LOGINS.fashionOwner]
    .map((login) => `${login.email} / ${login.password}`)
    .join(', ')
  return (
    `the database holds the demo data, whose logins are published (${logins}). ` +
    'Production starts only on a database without it: start from an empty database ' +
    '(create the first admin with npm run admin:create).'
  )
}
