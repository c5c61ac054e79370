import { describe, expect, it } from 'vitest'
import { brandColours, brandStyle, contrastRatio } from './brand-style.ts'

const rgb = (hex: string) =>
  [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as unknown as [number, number, number]
const WHITE = [255, 255, 255] as const

describe('brandStyle', () => {
  it('puts white text on a dark brand colour and black text on a light one', () => {
    expect(brandColours('#1e3a8a')?.ink).toBe('#ffffff')
    expect(brandColours('#fde047')?.ink).toBe('#000000')
    expect(brandColours('#be185d')?.ink).toBe('#ffffff')
  })

  it('text on the brand colour always reaches WCAG AA', () => {
    for (const colour of [
      '#ff0000',
      '#00ff00',
      '#0000ff',
      '#777777',
      '#f97316',
      '#14b8a6',
      '#000',
      '#fff',
    ]) {
      const c = brandColours(colour)
      expect(c, colour).not.toBeNull()
      expect(contrastRatio(rgb(c!.brand), rgb(c!.ink)), colour).toBeGreaterThanOrEqual(4.5)
    }
  })

  it('darkens a light brand colour until it reads as text on white', () => {
    const yellow = brandColours('#fde047')
    expect(yellow?.text).not.toBe('#fde047')
    expect(contrastRatio(rgb(yellow!.text), WHITE)).toBeGreaterThanOrEqual(4.5)
    // A colour that already reads well is kept as it is.
    expect(brandColours('#1e3a8a')?.text).toBe('#1e3a8a')
  })

  it('accepts short and long hex colours and sets the three custom properties', () => {
    expect(brandStyle('#abc')).toEqual({
      '--brand': '#aabbcc',
      '--brand-ink': '#000000',
      '--brand-text': expect.stringMatching(/^#[0-9a-f]{6}$/),
    })
    expect(brandStyle('BE185D')['--brand']).toBe('#be185d')
  })

  it('ignores anything that is not a hex colour, so merchant input cannot reach the CSS', () => {
    for (const value of [
      null,
      undefined,
      '',
      'red',
      '#12345',
      'url(x)',
      '#fff;background:url(//evil)',
      'var(--x)',
    ])
      expect(brandStyle(value), String(value)).toEqual({})
  })
})
