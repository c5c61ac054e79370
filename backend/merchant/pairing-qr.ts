import { qrSvg } from '../web/pages/qr-svg.ts'

/** The kiosk pairing QR as inline SVG: it encodes the pairing payload (BASE_URL and code). */
export const pairingQrSvg = (qrPayload: string): Promise<string> => qrSvg(qrPayload)
