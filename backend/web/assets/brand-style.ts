import type { CSSProperties } from 'react'
import {
  AA_CONTRAST,
  BLACK,
  contrastRatio,
  parseHexColour,
  toHexColour,
  WHITE,
  type Rgb,
} from '../../../shared/brand-colour.ts'

export { contrastRatio }

// CSS custom properties in React's style prop (`style={{ '--brand': '#e11d48' }}`).
declare module 'react' {
  interface CSSProperties {
    [property: `--${string}`]: string | number | undefined
  }
}

/** --color-bg of base.css: brand-coloured links sit on it too. */
const PAGE: Rgb = [245, 246, 248]

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
  const brand = colour ? parseHexColour(colour) : null
  if (!brand) return null
  const ink = contrastRatio(brand, WHITE) >= contrastRatio(brand, BLACK) ? WHITE : BLACK
  const tint = mix(WHITE, brand, 0.1)
  const readable = (c: Rgb) =>
    [WHITE, PAGE, tint].every((bg) => contrastRatio(c, bg) >= AA_CONTRAST)
  let text = brand
  for (let step = 1; step <= 20 && !readable(text); step++) text = mix(brand, BLACK, step * 0.05)
  return { brand: toHexColour(brand), ink: toHexColour(ink), text: toHexColour(text) }
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
