import { deflateSync } from 'node:zlib'
import { PNG_SIGNATURE, pngChunk } from '../../email/qr-png.ts'

// The images a pass needs when the store has no PNG logo (none, or an SVG/JPEG one, which
// Wallet cannot show): drawn here in the brand colour, so no image library is needed.

const rgb = (hex: string): [number, number, number] => {
  const value = Number.parseInt(hex.replace('#', ''), 16)
  return [(value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff]
}

/** An RGBA PNG of `width` × `height` where `paint(x, y)` says which pixels take the colour. */
const drawPng = (
  width: number,
  height: number,
  colour: string,
  paint: (x: number, y: number) => boolean,
) => {
  const [r, g, b] = rgb(colour)
  const raw = Buffer.alloc((width * 4 + 1) * height)
  for (let y = 0; y < height; y++) {
    const row = y * (width * 4 + 1)
    for (let x = 0; x < width; x++) {
      if (!paint(x, y)) continue
      raw.set([r, g, b, 0xff], row + 1 + x * 4)
    }
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  header[8] = 8 // bit depth
  header[9] = 6 // RGBA
  return Buffer.concat([
    PNG_SIGNATURE,
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(raw)),
    pngChunk('IEND', Buffer.alloc(0)),
  ])
}

const disc = (size: number) => (x: number, y: number) => {
  const c = (size - 1) / 2
  return (x - c) ** 2 + (y - c) ** 2 <= (size / 2) ** 2
}

// Drawn once per colour: a pass is built at every download.
const drawn = new Map<string, { icons: Record<string, Buffer>; logos: Record<string, Buffer> }>()
const imagesIn = (colour: string) => {
  let images = drawn.get(colour)
  if (!images) {
    images = {
      icons: {
        'icon.png': drawPng(29, 29, colour, disc(29)),
        'icon@2x.png': drawPng(58, 58, colour, disc(58)),
        'icon@3x.png': drawPng(87, 87, colour, disc(87)),
      },
      logos: {
        'logo.png': drawPng(50, 50, colour, disc(50)),
        'logo@2x.png': drawPng(100, 100, colour, disc(100)),
      },
    }
    if (drawn.size > 1000) drawn.clear()
    drawn.set(colour, images)
  }
  return images
}

/** The icon (lock screen, notifications): a disc in the brand colour, at 1×, 2× and 3×. */
export const defaultIcons = (colour: string): Record<string, Buffer> => imagesIn(colour).icons

/** The logo when the store has no PNG one: the same disc, beside the store's name. */
export const defaultLogos = (colour: string): Record<string, Buffer> => imagesIn(colour).logos

/** Whether bytes are a PNG (the only logo format Wallet shows). */
export const isPng = (bytes: Buffer | null | undefined): bytes is Buffer =>
  Boolean(bytes && bytes.subarray(0, 8).equals(PNG_SIGNATURE))
