import { describe, it, expect } from 'vitest'
import { withCheckDigit } from './card-number.ts'
import { CARD_PATH_SEGMENT, cardPath, parseScanPayload } from './scan-payload.ts'

const number = withCheckDigit('48291037556')
const wrongCheck = number.slice(0, 11) + String((Number(number[11]) + 1) % 10)
const card = { ok: true, kind: 'card', number }
const invalid = { ok: false, code: 'INVALID_CARD_NUMBER' }

describe('parseScanPayload with a raw number', () => {
  it('reads a bare number', () => {
    expect(parseScanPayload(number)).toEqual(card)
  })

  it('ignores the CR, LF or TAB a scanner sends after the number', () => {
    expect(parseScanPayload(`${number}\r\n`)).toEqual(card)
    expect(parseScanPayload(`${number}\n`)).toEqual(card)
    expect(parseScanPayload(`${number}\t`)).toEqual(card)
  })

  it('reads a number with separators and surrounding spaces', () => {
    expect(parseScanPayload('  4829 1037 556' + number[11] + ' ')).toEqual(card)
    expect(
      parseScanPayload(`${number.slice(0, 4)}-${number.slice(4, 8)}-${number.slice(8)}`),
    ).toEqual(card)
  })

  it('refuses a number with a wrong check digit', () => {
    expect(parseScanPayload(wrongCheck)).toEqual(invalid)
  })
})

describe('parseScanPayload with a URL', () => {
  it('reads /c/<number> on any host, over http or https', () => {
    expect(parseScanPayload(`https://rewardflow.example/c/${number}`)).toEqual(card)
    expect(parseScanPayload(`http://localhost:3000/c/${number}`)).toEqual(card)
  })

  it('reads /c/<number> under a store prefix, with a trailing slash, query or fragment', () => {
    expect(parseScanPayload(`https://rewardflow.example/s/fashionhub/c/${number}`)).toEqual(card)
    expect(parseScanPayload(`https://rewardflow.example/c/${number}/`)).toEqual(card)
    expect(parseScanPayload(`https://rewardflow.example/c/${number}?utm=qr#top`)).toEqual(card)
  })

  it('reads a formatted number inside the path', () => {
    expect(
      parseScanPayload(`https://x.example/c/${number.slice(0, 4)}%20${number.slice(4)}`),
    ).toEqual(card)
  })

  it('reads a card= query parameter', () => {
    expect(parseScanPayload(`https://shop.example/join?card=${number}`)).toEqual(card)
    expect(parseScanPayload(`https://shop.example/?lang=fr&card=${number}`)).toEqual(card)
    expect(
      parseScanPayload(`https://shop.example/?card=${number.slice(0, 4)}+${number.slice(4)}`),
    ).toEqual(card)
  })

  it('reads an upper-cased QR URL and a URL followed by a scanner line ending', () => {
    expect(parseScanPayload(`HTTPS://REWARDFLOW.EXAMPLE/C/${number}`)).toEqual(card)
    expect(parseScanPayload(`https://rewardflow.example/c/${number}\r\n`)).toEqual(card)
  })

  it('round-trips cardPath', () => {
    expect(cardPath(number)).toBe(`/${CARD_PATH_SEGMENT}/${number}`)
    expect(parseScanPayload(`https://rewardflow.example${cardPath(number)}`)).toEqual(card)
  })

  it('refuses a URL whose number has a wrong check digit', () => {
    expect(parseScanPayload(`https://rewardflow.example/c/${wrongCheck}`)).toEqual(invalid)
    expect(parseScanPayload(`https://rewardflow.example/?card=${wrongCheck}`)).toEqual(invalid)
  })

  it('refuses URLs that do not carry a card', () => {
    for (const text of [
      `https://rewardflow.example/${number}`,
      `https://rewardflow.example/x/${number}`,
      `https://rewardflow.example/c/`,
      `https://rewardflow.example/c/${number}/extra`,
      `https://rewardflow.example/c/%E0%A4%A`,
      `https://rewardflow.example/?cards=${number}`,
      `ftp://rewardflow.example/c/${number}`,
      `javascript:alert(1)//c/${number}`,
      'https://',
    ]) {
      expect(parseScanPayload(text), text).toEqual(invalid)
    }
  })
})

describe('parseScanPayload with garbage', () => {
  it('refuses empty, text and partial numbers', () => {
    for (const text of ['', '   ', '\r\n', 'hello', '4829103755', `${number}0`, 'null']) {
      expect(parseScanPayload(text), JSON.stringify(text)).toEqual(invalid)
    }
  })
})
