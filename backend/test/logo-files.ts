import { qrPng } from '../email/qr-png.ts'

// Logo files for the Stores tests: real images, and the impostors the checks must refuse.

/** A real PNG (a small QR code). */
export const pngLogo = (text = 'logo') => qrPng(text, { maxWidth: 64 })

/** The start of a JPEG (SOI and a JFIF APP0 marker): what the type check reads. */
export const jpegLogo = () =>
  Buffer.concat([
    Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]),
    Buffer.from('JFIF\0', 'latin1'),
    Buffer.alloc(64, 1),
    Buffer.from([0xff, 0xd9]),
  ])

/** A clean SVG logo: a rounded square of the colour and the initials. */
export const svgLogo = (colour = '#0e7490', initials = 'FH') =>
  Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="64" height="64">
  <rect width="64" height="64" rx="14" fill="${colour}"/>
  <text x="32" y="41" font-family="sans-serif" font-size="24" font-weight="700" fill="#fff" text-anchor="middle">${initials}</text>
</svg>
`,
  )

/** Text in a file called logo.png. */
export const notAPng = () => Buffer.from('this is not a PNG, only text saved as logo.png\n')

export const svgWithScript = () =>
  Buffer.from(
    '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script><rect width="10" height="10"/></svg>',
  )

export const svgWithOnload = () =>
  Buffer.from(
    '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="10" height="10"/></svg>',
  )

export const svgWithExternalImage = () =>
  Buffer.from(
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><image xlink:href="https://tracker.example/pixel.png" width="10" height="10"/></svg>',
  )

/** A PNG of 5 MB: the signature and header of a real one, then padding. */
export const fiveMegabytePng = () =>
  Buffer.concat([pngLogo().subarray(0, 33), Buffer.alloc(5 * 1024 * 1024, 0)])
