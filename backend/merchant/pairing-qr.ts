import QRCode from 'qrcode'

/**
 * The kiosk pairing QR as inline SVG, drawn like the storefront's card QR (storefront/card-qr.ts:
 * black on white, quiet zone included): it encodes the pairing payload (BASE_URL and code).
 * The SVG comes from the qrcode library's own path data, never from user input.
 */
export const pairingQrSvg = (qrPayload: string): Promise<string> =>
  QRCode.toString(qrPayload, {
    type: 'svg',
    errorCorrectionLevel: 'M',
    margin: 2,
    // A fixed size: the merchant pages have no QR styles, and a kiosk camera reads it at this size.
    width: 240,
    color: { dark: '#000000', light: '#ffffff' },
  })
