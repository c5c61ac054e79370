import QRCode from 'qrcode'

/**
 * A QR code as inline SVG for a page, drawn like the storefront's card QR (storefront/card-qr.ts:
 * black on white, quiet zone included), at a fixed size (the staff pages have no QR styles; a
 * phone or kiosk camera reads it at this size). The SVG comes from the qrcode library's own path
 * data, never from user input.
 */
export const qrSvg = (payload: string): Promise<string> =>
  QRCode.toString(payload, {
    type: 'svg',
    errorCorrectionLevel: 'M',
    margin: 2,
    width: 240,
    color: { dark: '#000000', light: '#ffffff' },
  })
