import { describe, expect, it } from 'vitest'
import { classifyCustomerSearch } from './customer-search.ts'
import { withCheckDigit } from './card-number.ts'

describe('classifyCustomerSearch', () => {
  const number = withCheckDigit('48291037556')

  it('reads twelve digits as a card number, with spaces as printed on the card', () => {
    expect(classifyCustomerSearch(number)).toEqual({ kind: 'number', number })
    expect(classifyCustomerSearch('4829 1037 556' + number.at(-1))).toEqual({
      kind: 'number',
      number,
    })
  })

  it('says a mistyped check digit, instead of finding nobody', () => {
    const wrong = number.slice(0, 11) + String((Number(number.at(-1)) + 1) % 10)
    expect(classifyCustomerSearch(wrong)).toEqual({ kind: 'invalid_number', reason: 'check_digit' })
  })

  it('reads an @ as an email, a + or other digits as a phone, the rest as a name', () => {
    expect(classifyCustomerSearch(' Marie@Example.LU ')).toEqual({
      kind: 'email',
      prefix: 'marie@example.lu',
    })
    expect(classifyCustomerSearch('+352 621 123 456')).toEqual({
      kind: 'phone',
      digits: '+352621123456',
    })
    expect(classifyCustomerSearch('621-123')).toEqual({ kind: 'phone', digits: '621123' })
    expect(classifyCustomerSearch('Dupont')).toEqual({ kind: 'name', prefix: 'dupont' })
    expect(classifyCustomerSearch('  ')).toEqual({ kind: 'all' })
  })
})
