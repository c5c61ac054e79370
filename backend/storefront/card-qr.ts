import QRCode from 'qrcode'
import { cardQrPayload } from '../../shared/scan-payload.ts'

/**
 * The card's QR code as inline SVG (black on white, quiet zone included): it encodes the card's
 * URL on the store's site, which kiosks and phone cameras read alike (shared/scan-payload.ts).
 * The SVG comes from the qrcode library's own path data, never from user input.
 */
export const cardQrSvg = (storeHomeUrl: string, cardNumber: string): Promise<string> =>
  QRCode.toString(cardQrPayload(storeHomeUrl, cardNumber), {
    type: 'svg',
    errorCorrectionLevel: 'M',
    margin: 2,
    color: { dark: '#000000', light: '#ffffff' },
  })
