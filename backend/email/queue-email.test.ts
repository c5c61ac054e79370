import { describe, expect, it } from 'vitest'
import { useTestDatabase } from '../test/test-database.ts'
import { buildMerchant } from '../test/factories.ts'
import { queueEmail } from './queue-email.ts'

const db = useTestDatabase()

const reset = (to: string) =>
  ({
    template: 'password_reset',
    to,
    language: 'fr',
    merchantId: null,
    storeId: null,
    variables: { reset_url: 'https://x.test/r', store_name: 'Shop', customer_name: 'Zoé' },
  }) as const

describe('queueEmail', () => {
  it('records a queued email with its variables and its own creation time', async () => {
    const merchant = await buildMerchant(db.knex)
    const { id } = await db.knex.transaction((trx) =>
      queueEmail(trx, { ...reset('zoe@example.lu'), merchantId: merchant.merchantId }),
    )
    await new Promise((resolve) => setTimeout(resolve, 20))
    await db.knex.transaction((trx) => queueEmail(trx, reset('zoe@example.lu')))
    const rows = await db.knex('outbound_emails').orderBy('created_at')
    expect(rows[0]).toMatchObject({
      id,
      merchant_id: merchant.merchantId,
      template: 'password_reset',
      to_address: 'zoe@example.lu',
      language: 'fr',
      status: 'queued',
      variables: { customer_name: 'Zoé', reset_url: 'https://x.test/r', store_name: 'Shop' },
    })
    expect(rows[1].created_at.getTime()).toBeGreaterThan(rows[0].created_at.getTime())
  })

  it('leaves no email behind when the transaction of its cause rolls back', async () => {
    await expect(
      db.knex.transaction(async (trx) => {
        await queueEmail(trx, reset('rollback@example.lu'))
        throw new Error('the cause failed')
      }),
    ).rejects.toThrow('the cause failed')
    expect(await db.knex('outbound_emails').where({ to_address: 'rollback@example.lu' })).toEqual(
      [],
    )
  })
})
