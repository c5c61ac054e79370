import { describe, expect, it } from 'vitest'
import { text } from 'node:stream/consumers'
import { auditCsv } from './audit-csv.ts'

const row = (action: string, data: Record<string, unknown>) => ({
  id: '1',
  created_at: new Date('2026-12-07T10:00:00Z'),
  merchant_id: 'm1',
  merchant_name: 'Café Müller',
  actor_type: 'admin',
  actor_id: 'a1',
  admin_name: '=cmd',
  action,
  subject_type: 'merchant',
  subject_id: 's1',
  data,
})

describe('audit CSV', () => {
  it('writes the header, neutralizes formulas and quotes JSON, through the shared writer', async () => {
    const out = await text(
      auditCsv(
        (async function* () {
          yield row('merchant.create', { after: { name: '@evil, "x"' } })
        })(),
      ),
    )
    const lines = out.replace(/^\uFEFF/, '').split('\r\n')
    expect(lines[0]).toBe(
      'created_at,merchant_id,merchant_name,actor_type,actor_id,actor_name,action,subject_type,subject_id,before,after',
    )
    expect(lines[1]).toContain('2026-12-07T10:00:00.000Z,m1,Café Müller,admin,a1,')
    expect(lines[1]).toContain(",'=cmd,merchant.create,")
  })
})
