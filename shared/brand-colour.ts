// A store's brand colour: the storefront puts white text on it (buttons, the card), so a colour
// is accepted only when white text on it reaches WCAG 2 AA for normal text (4.5:1). The
// merchant's Stores page, the stores API and the storefront's styles share these rules.

export type Rgb = readonly [number, number, number]

export const WHITE: Rgb = [255, 255, 255]
export const BLACK: Rgb = [0, 0, 0]

/** WCAG 2 AA for normal text. */
export const AA_CONTRAST = 4.5

/** `#rgb` or `#rrggbb` (the `#` optional, any case) as channels; null when it is not one. */
export const parseHexColour = (value: string): Rgb | null => {
  const match = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(value.trim())
  if (!match?.[1]) return null
  const hex = match[1].length === 3 ? [...match[1]].map((c) => c + c).join('') : match[1]
  const byte = (at: number) => parseInt(hex.slice(at, at + 2), 16)
  return [byte(0), byte(2), byte(4)]
}

export const toHexColour = (rgb: Rgb) =>
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

/** The contrast of white text on a hex colour (null when it is not a hex colour). */
export const whiteTextContrast = (colour: string): number | null => {
  const rgb = parseHexColour(colour)
  return rgb ? contrastRatio(rgb, WHITE) : null
}

/** A ratio as people read it, rounded down so 4.496 never shows as a passing "4.50". */
export const roundRatio = (ratio: number) => Math.floor(ratio * 100) / 100
