import { describe, expect, it } from 'vitest'
import { buffer } from 'node:stream/consumers'
import { parse } from 'csv-parse/sync'
import { csvStream, neutralizeCell, type CsvColumn } from './csv.ts'

type Row = { name: string; amount: number }
const COLUMNS: CsvColumn<Row>[] = [
  { header: 'name', value: (r) => r.name },
  { header: 'amount', value: (r) => r.amount },
]

describe('CSV cells', () => {
  it.each([
    ['=SUM(A1)', "'=SUM(A1)"],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@cmd', "'@cmd"],
    ['\tx', "'\tx"],
    ['\rx', "'\rx"],
  ])('neutralizes a text a spreadsheet would run: %j', (value, expected) => {
    expect(neutralizeCell(value)).toBe(expected)
  })

  it('leaves typed numbers, dates, plain text and empties alone', () => {
    expect(neutralizeCell(-5)).toBe('-5')
    expect(neutralizeCell(new Date('2026-01-02T03:04:05Z'))).toBe('2026-01-02T03:04:05.000Z')
    expect(neutralizeCell('plain')).toBe('plain')
    expect(neutralizeCell(null)).toBe('')
  })
})

describe('csvStream', () => {
  it('starts with the UTF-8 BOM, keeps accents, quotes, and parses back to the same cells', async () => {
    const rows: Row[] = [
      { name: 'Zoé Müller-Lëtzebuerg', amount: -120 },
      { name: '=HYPERLINK("http://evil")', amount: 3 },
      { name: 'two\nlines, "quoted"', amount: 0 },
    ]
    const bytes = await buffer(csvStream(rows, COLUMNS))
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    expect(bytes.toString('utf8')).toContain('Zoé Müller-Lëtzebuerg,-120\r\n')
    const parsed = parse(bytes, { bom: true }) as string[][]
    expect(parsed).toEqual([
      ['name', 'amount'],
      ['Zoé Müller-Lëtzebuerg', '-120'],
      ['\'=HYPERLINK("http://evil")', '3'],
      ['two\nlines, "quoted"', '0'],
    ])
  })

  it('writes the header alone when there are no rows, and ends with an error the iterator threw', async () => {
    expect((await buffer(csvStream([], COLUMNS))).toString('utf8')).toBe('\uFEFFname,amount\r\n')
    const failing = (async function* () {
      yield { name: 'a', amount: 1 }
      throw new Error('connection lost')
    })()
    await expect(buffer(csvStream(failing, COLUMNS))).rejects.toThrow('connection lost')
  })
})
