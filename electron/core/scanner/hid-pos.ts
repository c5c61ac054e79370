/**
 * Decodes the input reports of a scanner in HID POS mode: HID usage page 0x8C "Bar Code
 * Scanner" (USB-IF "HID Point of Sale Usage Tables" 1.02, chapter 3). The page names the fields
 * of a Scanned Data Report (usage 0x12): Symbology Identifier 1–3 (0xFB–0xFD), Decoded Data
 * (0xFE) and Decode Data Continued (0xFF); the report descriptor places them in the report.
 * Honeywell, Access-IS and most scanners that offer "HID POS" (Honeywell: "USB HID Bar Code
 * Scanner") send the same 64-byte input report, which `HID_POS_AIM_LAYOUT` describes:
 *
 *   byte 0       report id 0x02 (hidraw and hidapi hand us the id as the first byte)
 *   byte 1       number of decoded-data bytes in this report, 0–56
 *   bytes 2–4    AIM symbology identifier, e.g. `]Q1` for QR Code (Symbology Identifier 1–3)
 *   bytes 5–60   decoded data, zero padded (Decoded Data)
 *   byte 61      the vendor's own symbology id
 *   byte 62      reserved
 *   byte 63      bit 0 set: more reports of this read follow (Decode Data Continued)
 *
 * A read longer than 56 bytes spans several reports, each but the last with bit 0 of byte 63
 * set. Scanners without the continuation flag (Newland: data at bytes 2–57, no AIM prefix, see
 * `HID_POS_PLAIN_LAYOUT`) mark the last report by sending fewer bytes than a report holds.
 */

export type HidPosLayout = {
  reportId: number
  /** Index of the byte that counts the decoded-data bytes in this report. */
  lengthIndex: number
  dataIndex: number
  /** Decoded-data bytes one report holds. */
  capacity: number
  /** Byte and bit saying more reports follow; null: a full report means more follow. */
  moreData: { index: number; mask: number } | null
}

export const HID_POS_AIM_LAYOUT: HidPosLayout = {
  reportId: 0x02,
  lengthIndex: 1,
  dataIndex: 5,
  capacity: 56,
  moreData: { index: 63, mask: 0x01 },
}

export const HID_POS_PLAIN_LAYOUT: HidPosLayout = {
  reportId: 0x02,
  lengthIndex: 1,
  dataIndex: 2,
  capacity: 56,
  moreData: null,
}

export type HidPosDecoderOptions = {
  layout?: HidPosLayout
  /** A continuation that takes longer than this belongs to a read that was cut off. */
  maxGapMs?: number
}

export type HidReport = Uint8Array | readonly number[]

const LINE_BREAKS = /^[\r\n]+|[\r\n]+$/g

/**
 * Reassembles reads from HID POS input reports. `push` returns the text once the last report of
 * a read arrived, else null. Reports with another id (status, attributes) are ignored.
 */
export const createHidPosDecoder = ({
  layout = HID_POS_AIM_LAYOUT,
  maxGapMs = 1000,
}: HidPosDecoderOptions = {}) => {
  let parts: number[] = []
  let lastAt = 0
  const utf8 = new TextDecoder('utf-8')

  return {
    push(report: HidReport, at = 0): string | null {
      if (report[0] !== layout.reportId) return null
      if (parts.length > 0 && at - lastAt > maxGapMs) parts = []
      lastAt = at

      const length = report[layout.lengthIndex] ?? 0
      const end = layout.dataIndex + length
      if (length > layout.capacity || end > report.length) {
        parts = []
        return null
      }
      for (let i = layout.dataIndex; i < end; i++) parts.push(report[i] ?? 0)

      const more = layout.moreData
        ? ((report[layout.moreData.index] ?? 0) & layout.moreData.mask) !== 0
        : length === layout.capacity
      if (more) return null

      // Joined before decoding: a UTF-8 character may straddle two reports.
      const text = utf8.decode(Uint8Array.from(parts)).replace(LINE_BREAKS, '')
      parts = []
      return text === '' ? null : text
    },
  }
}
