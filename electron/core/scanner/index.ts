/** Scanner input of the kiosk: every transport behind `ScanSource`. */
export {
  createListeners,
  dedupeScans,
  keepConnected,
  type Connection,
  type KeepConnectedOptions,
  type Listeners,
  type RetryOptions,
  type ScanEvent,
  type ScanSource,
  type ScannerStatus,
} from './scan-source.ts'
export {
  createLineSplitter,
  createSerialScanner,
  type SerialScannerOptions,
} from './serial-scanner.ts'
export {
  createHidPosDecoder,
  HID_POS_AIM_LAYOUT,
  HID_POS_PLAIN_LAYOUT,
  type HidPosDecoderOptions,
  type HidPosLayout,
} from './hid-pos.ts'
export {
  createHidKeyboardDecoder,
  type HidKeyboardDecoderOptions,
  type KeyboardLayoutName,
} from './hid-keyboard.ts'
export {
  createHidScanner,
  findHidPosScanners,
  HID_POS_USAGE_PAGE,
  listHidPosScanners,
  pickHidPath,
  type HidBackend,
  type HidDeviceHandle,
  type HidDeviceInfo,
  type HidScannerOptions,
} from './hid-scanner.ts'
