import { describe, expect, it } from 'vitest'
import { csvCell, csvLine } from './audit-csv.ts'

describe('audit CSV cells', () => {
  it.each([
    ['=SUM(A1)', "'=SUM(A1)"],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@cmd', "'@cmd"],
    ['\tx', "'\tx"],
    ['\rx', `"'\rx"`],
  ])('neutralizes a cell a spreadsheet would run: %j', (value, expected) => {
    expect(csvCell(value)).toBe(expected)
  })

  it('quotes commas, quotes and line breaks, and leaves plain text and empties alone', () => {
    expect(csvCell('a,b')).toBe('"a,b"')
    expect(csvCell('say "hi"')).toBe('"say ""hi"""')
    expect(csvCell('two\nlines')).toBe('"two\nlines"')
    expect(csvCell('plain')).toBe('plain')
    expect(csvCell(null)).toBe('')
    expect(csvLine(['a', 1, null])).toBe('a,1,\r\n')
  })
})
