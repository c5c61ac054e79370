import { describe, expect, it } from 'vitest'
import {
  fiveMegabytePng,
  jpegLogo,
  notAPng,
  pngLogo,
  svgLogo,
  svgWithExternalImage,
  svgWithOnload,
  svgWithScript,
} from '../test/logo-files.ts'
import { checkLogo, LOGO_MAX_BYTES, parseLogoFileName, svgProblem } from './store-logo.ts'

const problemOf = (bytes: Buffer, declared?: string) => {
  const checked = checkLogo(bytes, declared)
  return checked.ok ? 'accepted' : checked.problem
}

describe('checkLogo', () => {
  it('accepts PNG, JPEG and SVG by their bytes, under a content-hashed path', () => {
    const png = checkLogo(pngLogo(), 'image/png')
    expect(png.ok && png.logo.contentType).toBe('image/png')
    expect(png.ok && png.logo.path).toMatch(/^\/media\/logos\/[0-9a-f]{64}\.png$/)
    const jpeg = checkLogo(jpegLogo(), 'image/jpeg')
    expect(jpeg.ok && jpeg.logo.path).toMatch(/\.jpg$/)
    const svg = checkLogo(svgLogo(), 'image/svg+xml')
    expect(svg.ok && svg.logo.contentType).toBe('image/svg+xml')
    // The name does not decide: no declared type, the bytes still say what it is.
    expect(problemOf(pngLogo())).toBe('accepted')
  })

  it('names the same bytes with the same hash, and other bytes with another', () => {
    const a = checkLogo(pngLogo('a'))
    const again = checkLogo(pngLogo('a'))
    const b = checkLogo(pngLogo('b'))
    expect(a.ok && again.ok && a.logo.sha256 === again.logo.sha256).toBe(true)
    expect(a.ok && b.ok && a.logo.sha256 !== b.logo.sha256).toBe(true)
  })

  it('refuses a "PNG" whose bytes are not a PNG, and a type that the bytes contradict', () => {
    expect(problemOf(notAPng(), 'image/png')).toBe('not_image')
    expect(problemOf(jpegLogo(), 'image/png')).toBe('type_mismatch')
    expect(problemOf(Buffer.from('GIF89a……'), 'image/gif')).toBe('not_image')
    expect(problemOf(Buffer.alloc(0), 'image/png')).toBe('empty')
  })

  it('refuses an SVG that could run script or fetch something', () => {
    expect(problemOf(svgWithScript())).toBe('svg_script')
    expect(problemOf(svgWithOnload())).toBe('svg_script')
    expect(problemOf(svgWithExternalImage())).toBe('svg_external')
    const refused = [
      '<svg xmlns="http://www.w3.org/2000/svg"><svg:script>x</svg:script></svg>',
      '<svg xmlns="http://www.w3.org/2000/svg"><a href="javascript:alert(1)"><rect/></a></svg>',
      '<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><div/></foreignObject></svg>',
      '<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(https://x.example/a.css)</style></svg>',
      '<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill:url(https://x.example/p)"/></svg>',
      '<svg xmlns="http://www.w3.org/2000/svg"><use href="https://x.example/s.svg#a"/></svg>',
      '<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>',
      '<svg xmlns="http://www.w3.org/2000/svg"><set attributeName="href" to="https://x.example"/></svg>',
      '<svg xmlns="http://www.w3.org/2000/svg"><rect ONCLICK ="x()"/></svg>',
    ]
    for (const text of refused) expect(svgProblem(Buffer.from(text)), text).not.toBeNull()
    // References inside the document are fine.
    const internal =
      '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><defs><linearGradient id="g"/></defs><rect fill="url(#g)"/><use xlink:href="#g"/></svg>'
    expect(svgProblem(Buffer.from(internal))).toBeNull()
  })

  it('refuses a file over 1 MB', () => {
    expect(problemOf(fiveMegabytePng(), 'image/png')).toBe('too_large')
    const justOver = Buffer.concat([pngLogo(), Buffer.alloc(LOGO_MAX_BYTES)])
    expect(problemOf(justOver)).toBe('too_large')
  })
})

describe('parseLogoFileName', () => {
  it('reads the hash and type of a served name, and nothing else', () => {
    const hash = 'a'.repeat(64)
    expect(parseLogoFileName(`${hash}.svg`)).toEqual({ sha256: hash, contentType: 'image/svg+xml' })
    expect(parseLogoFileName(`${hash}.gif`)).toBeNull()
    expect(parseLogoFileName(`../${hash}.png`)).toBeNull()
    expect(parseLogoFileName('logo.png')).toBeNull()
  })
})
