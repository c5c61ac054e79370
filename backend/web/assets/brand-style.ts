import type { CSSProperties } from 'react'

// CSS custom properties in React's style prop (`style={{ '--brand': '#e11d48' }}`).
declare module 'react' {
  interface CSSProperties {
    [property: `--${string}`]: string | number | undefined
  }
}

type Rgb = readonly [number, number, number]

const WHITE: Rgb = [255, 255, 255]
const BLACK: Rgb = [0, 0, 0]
/** --color-bg of base.css: brand-coloured links sit on it too. */
const PAGE: Rgb = [245, 246, 248]
const AA = 4.5

const parseHex = (value: string): Rgb | null => {
  const match = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(value.trim())
  if (!match?.[1]) return null
  const hex = match[1].length === 3 ? [...match[1]].map((c) => c + c).join('') : match[1]
  const byte = (at: number) => parseInt(hex.slice(at, at + 2), 16)
  return [byte(0), byte(2), byte(4)]
}

const toHex = (rgb: Rgb) =>
  `#${rgb.map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`

const channel = (c: number) => {
  const s = c / 255
  return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4
}

const luminance = ([r, g, b]: Rgb) =>
  0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)

/** WCAG 2 contrast ratio of two colours, 1 to 21. */
export const contrastRatio = (a: Rgb, b: Rgb): number => {
  const [x, y] = [luminance(a), luminance(b)]
  return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05)
}

const mix = (a: Rgb, b: Rgb, weightOfB: number): Rgb => {
  const at = (x: number, y: number) => x + (y - x) * weightOfB
  return [at(a[0], b[0]), at(a[1], b[1]), at(a[2], b[2])]
}

export type BrandColours = {
  /** The store's colour as given (normalized to #rrggbb). */
  brand: string
  /** Text on the brand colour: white or black, whichever contrasts more (always >= 4.5:1). */
  ink: string
  /** The brand colour darkened until it reads as text on white, the page and its own 10% tint. */
  text: string
}

/** The colours the storefront derives from a store colour, or null when it is not a hex colour. */
export const brandColours = (colour: string | null | undefined): BrandColours | null => {
  const brand = colour ? parseHex(colour) : null
  if (!brand) return null
  const ink = contrastRatio(brand, WHITE) >= contrastRatio(brand, BLACK) ? WHITE : BLACK
  const tint = mix(WHITE, brand, 0.1)
  const readable = (c: Rgb) => [WHITE, PAGE, tint].every((bg) => contrastRatio(c, bg) >= AA)
  let text = brand
  for (let step = 1; step <= 20 && !readable(text); step++) text = mix(brand, BLACK, step * 0.05)
  return { brand: toHex(brand), ink: toHex(ink), text: toHex(text) }
}

/**
 * The style attribute that brands a storefront page: `<body style={brandStyle(store.colour)}>`.
 * Sets `--brand`, `--brand-ink` and `--brand-text`; an empty style (the platform's indigo) when
 * the colour is missing or not a hex colour, so merchant input never reaches the CSS unchecked.
 */
export const brandStyle = (colour: string | null | undefined): CSSProperties => {
  const colours = brandColours(colour)
  if (!colours) return {}
  return {
    '--brand': colours.brand,
    '--brand-ink': colours.ink,
    '--brand-text': colours.text,
  }
}
