import jsQRModule from 'jsqr'
import { PNG } from 'pngjs'
import QRCode from 'qrcode'
import { describe, expect, it } from 'vitest'
import { qrPng } from './qr-png.ts'

// jsqr is CommonJS typed as an ES module: its function is also its `default`.
const jsQR = jsQRModule.default

const decode = (png: Buffer) => {
  const image = PNG.sync.read(png)
  return { image, code: jsQR(new Uint8ClampedArray(image.data), image.width, image.height) }
}

describe('the card QR as a PNG', () => {
  it('decodes to the text it was made from, at every size a card URL takes', () => {
    for (const text of [
      'https://fashionhub.lu/card/RF0000000017',
      'https://fashionhub.rewardflow.lu/s/fashionhub/card?number=RF1234567897&lang=lb',
      `https://www.un-magasin-avec-un-tres-long-nom.example/card/${'9'.repeat(40)}`,
    ]) {
      const { image, code } = decode(qrPng(text))
      expect(code?.data, text).toBe(text)
      expect(image.width).toBe(image.height)
      expect(image.width).toBeLessThanOrEqual(400)
      expect(image.width).toBeGreaterThan(300)
    }
  })

  it('draws every module black or white on a whole number of pixels, with a quiet zone', () => {
    const text = 'https://fashionhub.lu/card/RF0000000017'
    const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' })
    const { image } = decode(qrPng(text, { margin: 2 }))
    const scale = image.width / (modules.size + 4)
    expect(Number.isInteger(scale)).toBe(true)
    const pixel = (x: number, y: number) => image.data[(y * image.width + x) * 4]
    for (let my = -2; my < modules.size + 2; my++)
      for (let mx = -2; mx < modules.size + 2; mx++) {
        const inside = my >= 0 && mx >= 0 && my < modules.size && mx < modules.size
        const black = inside && modules.get(my, mx) === 1
        // Both corners of the module's square.
        for (const [dx, dy] of [
          [0, 0],
          [scale - 1, scale - 1],
        ] as const) {
          const x = (mx + 2) * scale + dx
          const y = (my + 2) * scale + dy
          expect(pixel(x, y), `module ${mx},${my}`).toBe(black ? 0 : 255)
        }
      }
  })

  it('is small', () => {
    expect(qrPng('https://fashionhub.lu/card/RF0000000017').length).toBeLessThan(2_048)
  })
})
