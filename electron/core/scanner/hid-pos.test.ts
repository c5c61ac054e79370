import { describe, expect, it } from 'vitest'
import { createHidPosDecoder, HID_POS_PLAIN_LAYOUT, type HidPosLayout } from './hid-pos.ts'

const hex = (dump: string) =>
  Uint8Array.from(dump.trim().split(/\s+/), (byte) => parseInt(byte, 16))

const CARD_URL = 'https://fashionhub.rewardflow.lu/c/482910375561'
const LONG_URL = `${CARD_URL}?utm_source=kiosk&utm_medium=qr&utm_campaign=loyalty-card-2026-spring`

// EAN-13 4829103755610: id 02, 13 bytes, AIM `]E0`, data, code id `d` (byte 61), flag 0.
const EAN13 = hex(`
  02 0d 5d 45 30 34 38 32 39 31 30 33 37 35 35 36
  31 30 00 00 00 00 00 00 00 00 00 00 00 00 00 00
  00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
  00 00 00 00 00 00 00 00 00 00 00 00 00 64 00 00
`)

// A 116-byte QR code (AIM `]Q1`, code id `s`): 56 + 56 + 4 bytes, byte 63 = 01, 01, 00.
const LONG_URL_REPORTS = [
  hex(`
  02 38 5d 51 31 68 74 74 70 73 3a 2f 2f 66 61 73
  68 69 6f 6e 68 75 62 2e 72 65 77 61 72 64 66 6c
  6f 77 2e 6c 75 2f 63 2f 34 38 32 39 31 30 33 37
  35 35 36 31 3f 75 74 6d 5f 73 6f 75 72 73 00 01
`),
  hex(`
  02 38 5d 51 31 63 65 3d 6b 69 6f 73 6b 26 75 74
  6d 5f 6d 65 64 69 75 6d 3d 71 72 26 75 74 6d 5f
  63 61 6d 70 61 69 67 6e 3d 6c 6f 79 61 6c 74 79
  2d 63 61 72 64 2d 32 30 32 36 2d 73 70 73 00 01
`),
  hex(`
  02 04 5d 51 31 72 69 6e 67 00 00 00 00 00 00 00
  00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
  00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
  00 00 00 00 00 00 00 00 00 00 00 00 00 73 00 00
`),
]

// A scanner with 20-byte reports and no continuation flag: 16 data bytes each, the last short.
const SMALL_REPORTS: HidPosLayout = { ...HID_POS_PLAIN_LAYOUT, capacity: 16 }
const CARD_URL_SMALL_REPORTS = [
  hex('02 10 68 74 74 70 73 3a 2f 2f 66 61 73 68 69 6f 6e 68 00 00'),
  hex('02 10 75 62 2e 72 65 77 61 72 64 66 6c 6f 77 2e 6c 75 00 00'),
  hex('02 0f 2f 63 2f 34 38 32 39 31 30 33 37 35 35 36 31 00 00 00'),
]

const pushAll = (decoder: ReturnType<typeof createHidPosDecoder>, reports: Uint8Array[]) =>
  reports.map((report) => decoder.push(report))

describe('createHidPosDecoder', () => {
  it('decodes a read that fits in one report', () => {
    expect(createHidPosDecoder().push(EAN13)).toBe('4829103755610')
  })

  it('reassembles a QR code sent in three reports until the continuation flag is clear', () => {
    expect(pushAll(createHidPosDecoder(), LONG_URL_REPORTS)).toEqual([null, null, LONG_URL])
  })

  it('decodes reads one after another', () => {
    const decoder = createHidPosDecoder()
    expect(pushAll(decoder, [EAN13, ...LONG_URL_REPORTS, EAN13])).toEqual([
      '4829103755610',
      null,
      null,
      LONG_URL,
      '4829103755610',
    ])
  })

  it('ends a read that fills a report exactly when the flag is clear', () => {
    const full = LONG_URL_REPORTS[0]!.slice()
    full[63] = 0x00
    expect(createHidPosDecoder().push(full)).toBe(LONG_URL.slice(0, 56))
  })

  it('reassembles a card URL from short reports of a scanner without the flag', () => {
    const decoder = createHidPosDecoder({ layout: SMALL_REPORTS })
    expect(pushAll(decoder, CARD_URL_SMALL_REPORTS)).toEqual([null, null, CARD_URL])
  })

  it('waits for an empty report after a read that fills its last report exactly', () => {
    const decoder = createHidPosDecoder({ layout: SMALL_REPORTS })
    const sixteen = hex('02 10 34 38 32 39 31 30 33 37 35 35 36 31 30 30 30 30 00 00')
    const empty = hex('02 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00')
    expect(pushAll(decoder, [sixteen, empty])).toEqual([null, '4829103755610000'])
  })

  it('decodes UTF-8 characters that straddle two reports', () => {
    const decoder = createHidPosDecoder({ layout: SMALL_REPORTS })
    // "Boutique Zoé Köln": the two bytes of ö (c3 b6) fall in different reports.
    const first = hex('02 10 42 6f 75 74 69 71 75 65 20 5a 6f c3 a9 20 4b c3 00 00')
    const second = hex('02 03 b6 6c 6e 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00')
    expect(pushAll(decoder, [first, second])).toEqual([null, 'Boutique Zoé Köln'])
  })

  it('strips the CR or LF suffix a scanner is set to send', () => {
    const withCr = EAN13.slice()
    withCr[1] = 0x0e
    withCr[5 + 13] = 0x0d
    expect(createHidPosDecoder().push(withCr)).toBe('4829103755610')
  })

  it('ignores reports with another id without losing a read in progress', () => {
    const decoder = createHidPosDecoder()
    const status = hex('04 01 00 00 00 00 00 00')
    expect(decoder.push(LONG_URL_REPORTS[0]!)).toBeNull()
    expect(decoder.push(status)).toBeNull()
    expect(pushAll(decoder, LONG_URL_REPORTS.slice(1))).toEqual([null, LONG_URL])
  })

  it('drops half a read whose continuation never came', () => {
    const decoder = createHidPosDecoder()
    expect(decoder.push(LONG_URL_REPORTS[0]!, 1000)).toBeNull()
    expect(decoder.push(EAN13, 5000)).toBe('4829103755610')
  })

  it('ignores a report whose length does not fit in it', () => {
    const decoder = createHidPosDecoder()
    const tooLong = EAN13.slice()
    tooLong[1] = 0x40
    expect(decoder.push(tooLong)).toBeNull()
    expect(decoder.push(EAN13)).toBe('4829103755610')
  })
})
