import { useEffect, useState } from 'react'
import QRCode from 'qrcode'

/** The card's QR, for the customer to photograph or for the scanner (the number is the payload). */
export const CardQr = (props: { number: string; label: string }) => {
  const [svg, setSvg] = useState<string | null>(null)
  useEffect(() => {
    let live = true
    void QRCode.toString(props.number, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }).then(
      (text) => {
        if (live) setSvg(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(text)}`)
      },
    )
    return () => {
      live = false
    }
  }, [props.number])
  return svg ? (
    <img className="qr" src={svg} alt={props.label} width={200} height={200} />
  ) : (
    <div className="qr" />
  )
}
