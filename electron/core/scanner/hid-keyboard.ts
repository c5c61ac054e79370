/**
 * Decodes raw input reports of a scanner that presents itself as a USB boot keyboard, read
 * from the device itself (node-hid) rather than from the focused window. A scanner in keyboard
 * mode types each character as the keys of the layout it was set to, so the text is only right
 * when we decode with that same layout: US (QWERTY), FR (AZERTY) or DE (QWERTZ).
 *
 * Boot keyboard input report (HID 1.11 appendix B.1), 8 bytes:
 *   byte 0     modifiers: LCtrl 0x01, LShift 0x02, LAlt 0x04, LGUI 0x08,
 *                         RCtrl 0x10, RShift 0x20, RAlt/AltGr 0x40, RGUI 0x80
 *   byte 1     reserved
 *   bytes 2–7  usage ids (HID usage page 0x07, Keyboard/Keypad) of up to six keys held down
 * A key is typed when it appears in a report and was not in the previous one, in any slot; a
 * report with every slot 0 releases all keys. Enter (0x28) and keypad Enter (0x58) end a read.
 */

export type KeyboardLayoutName = 'us' | 'fr' | 'de'

/** What a key types: unshifted, with Shift, with AltGr. Combining marks are dead keys. */
type KeyLevels = readonly [base: string, shift: string, altGr?: string]
type Keymap = ReadonlyMap<number, KeyLevels>

const LETTERS = 'abcdefghijklmnopqrstuvwxyz'
const ENTER = 0x28
const KEYPAD_ENTER = 0x58
const CAPS_LOCK = 0x39
const KEYPAD_DECIMAL = 0x63
/** ErrorRollOver, POSTFail, ErrorUndefined: too many keys down, the report says nothing. */
const isErrorUsage = (usage: number) => usage >= 0x01 && usage <= 0x03

const US: Keymap = new Map<number, KeyLevels>([
  ...[...LETTERS].map((letter, i): [number, KeyLevels] => [
    0x04 + i,
    [letter, letter.toUpperCase()],
  ]),
  ...[...'1234567890'].map((digit, i): [number, KeyLevels] => [
    0x1e + i,
    [digit, '!@#$%^&*()'[i]!],
  ]),
  [0x2c, [' ', ' ']],
  [0x2d, ['-', '_']],
  [0x2e, ['=', '+']],
  [0x2f, ['[', '{']],
  [0x30, [']', '}']],
  [0x31, ['\\', '|']],
  [0x32, ['\\', '|']],
  [0x33, [';', ':']],
  [0x34, ["'", '"']],
  [0x35, ['`', '~']],
  [0x36, [',', '<']],
  [0x37, ['.', '>']],
  [0x38, ['/', '?']],
  [0x64, ['\\', '|']],
  [0x54, ['/', '/']],
  [0x55, ['*', '*']],
  [0x56, ['-', '-']],
  [0x57, ['+', '+']],
  ...[...'1234567890'].map((digit, i): [number, KeyLevels] => [0x59 + i, [digit, digit]]),
  [KEYPAD_DECIMAL, ['.', '.']],
])

const withKeys = (base: Keymap, keys: [number, KeyLevels][]): Keymap => new Map([...base, ...keys])

const DEAD_CIRCUMFLEX = '\u0302'
const DEAD_DIAERESIS = '\u0308'
const DEAD_ACUTE = '\u0301'
const DEAD_GRAVE = '\u0300'

/** French AZERTY as on Windows and Linux `fr`: digits need Shift on the top row. */
const FR = withKeys(US, [
  [0x14, ['a', 'A']],
  [0x1a, ['z', 'Z']],
  [0x04, ['q', 'Q', '@']],
  [0x33, ['m', 'M']],
  [0x1d, ['w', 'W']],
  [0x10, [',', '?']],
  [0x08, ['e', 'E', '€']],
  [0x1e, ['&', '1']],
  [0x1f, ['é', '2', '~']],
  [0x20, ['"', '3', '#']],
  [0x21, ["'", '4', '{']],
  [0x22, ['(', '5', '[']],
  [0x23, ['-', '6', '|']],
  [0x24, ['è', '7', '`']],
  [0x25, ['_', '8', '\\']],
  [0x26, ['ç', '9', '^']],
  [0x27, ['à', '0', '@']],
  [0x2d, [')', '°', ']']],
  [0x2e, ['=', '+', '}']],
  [0x2f, [DEAD_CIRCUMFLEX, DEAD_DIAERESIS]],
  [0x30, ['$', '£', '¤']],
  [0x31, ['*', 'µ']],
  [0x32, ['*', 'µ']],
  [0x34, ['ù', '%']],
  [0x35, ['²', '~']],
  [0x36, [';', '.']],
  [0x37, [':', '/']],
  [0x38, ['!', '§']],
  [0x64, ['<', '>']],
])

/** German QWERTZ (T1) as on Windows and Linux `de`: y and z swapped, AltGr for @ { [ ] } \ ~ |. */
const DE = withKeys(US, [
  [0x1c, ['z', 'Z']],
  [0x1d, ['y', 'Y']],
  [0x14, ['q', 'Q', '@']],
  [0x08, ['e', 'E', '€']],
  [0x10, ['m', 'M', 'µ']],
  [0x1f, ['2', '"', '²']],
  [0x20, ['3', '§', '³']],
  [0x21, ['4', '$']],
  [0x22, ['5', '%']],
  [0x23, ['6', '&']],
  [0x24, ['7', '/', '{']],
  [0x25, ['8', '(', '[']],
  [0x26, ['9', ')', ']']],
  [0x27, ['0', '=', '}']],
  [0x2d, ['ß', '?', '\\']],
  [0x2e, [DEAD_ACUTE, DEAD_GRAVE]],
  [0x2f, ['ü', 'Ü']],
  [0x30, ['+', '*', '~']],
  [0x31, ['#', "'"]],
  [0x32, ['#', "'"]],
  [0x33, ['ö', 'Ö']],
  [0x34, ['ä', 'Ä']],
  [0x35, [DEAD_CIRCUMFLEX, '°']],
  [0x36, [',', ';']],
  [0x37, ['.', ':']],
  [0x38, ['-', '_']],
  [0x64, ['<', '>', '|']],
  [KEYPAD_DECIMAL, [',', ',']],
])

const KEYMAPS: Record<KeyboardLayoutName, Keymap> = { us: US, fr: FR, de: DE }

/** What a dead key types on its own (followed by Space, or by a key it cannot combine with). */
const SPACING: Record<string, string> = {
  [DEAD_CIRCUMFLEX]: '^',
  [DEAD_DIAERESIS]: '¨',
  [DEAD_ACUTE]: '´',
  [DEAD_GRAVE]: '`',
}

const isDead = (output: string) => output in SPACING

const isLetter = ([base, shift]: KeyLevels) =>
  base.toLowerCase() !== base.toUpperCase() && shift === base.toUpperCase()

const SHIFT = 0x02 | 0x20
const CTRL = 0x01 | 0x10
const ALT = 0x04
const ALT_GR = 0x40
const GUI = 0x08 | 0x80

/** Windows types AltGr characters for Ctrl+Alt too, and some scanners send them that way. */
const levelFor = (modifiers: number, keys: KeyLevels, capsLock: boolean): string | undefined => {
  const altGr = (modifiers & ALT_GR) !== 0 || ((modifiers & CTRL) !== 0 && (modifiers & ALT) !== 0)
  if (altGr) return keys[2]
  if ((modifiers & (CTRL | ALT | GUI)) !== 0) return undefined
  const shifted = (modifiers & SHIFT) !== 0
  return shifted !== (capsLock && isLetter(keys)) ? keys[1] : keys[0]
}

export type HidKeyboardDecoderOptions = {
  layout: KeyboardLayoutName
  /** For keyboards that send a report id before the 8 bytes. */
  reportId?: number
}

export type HidReport = Uint8Array | readonly number[]

const MAX_LENGTH = 4096

/** Turns boot keyboard reports into the texts typed up to each Enter. */
export const createHidKeyboardDecoder = ({ layout, reportId }: HidKeyboardDecoderOptions) => {
  const keymap = KEYMAPS[layout]
  let held = new Set<number>()
  let typed = ''
  let dead: string | null = null
  let capsLock = false

  const append = (text: string) => {
    typed = (typed + text).slice(-MAX_LENGTH)
  }

  // A dead key waits for the next character: a letter it combines with (^ e → ê), Space for the
  // accent alone, anything else for both.
  const type = (output: string) => {
    if (dead === null) {
      if (isDead(output)) dead = output
      else append(output)
      return
    }
    const accent = SPACING[dead] ?? ''
    const composed = (output + dead).normalize('NFC')
    dead = null
    if (output === ' ') append(accent)
    else if (composed.length === 1) append(composed)
    else append(accent + (SPACING[output] ?? output))
  }

  const press = (usage: number, modifiers: number, done: string[]) => {
    if (usage === ENTER || usage === KEYPAD_ENTER) {
      if (dead !== null) type(' ')
      if (typed !== '') done.push(typed)
      typed = ''
      return
    }
    if (usage === CAPS_LOCK) {
      capsLock = !capsLock
      return
    }
    const keys = keymap.get(usage)
    const output = keys && levelFor(modifiers, keys, capsLock)
    if (output) type(output)
  }

  return {
    /** Returns the reads completed by this report: usually none, at most one per Enter. */
    push(report: HidReport): string[] {
      if (reportId !== undefined && report[0] !== reportId) return []
      const bytes = reportId === undefined ? report : report.slice(1)
      const modifiers = bytes[0] ?? 0
      const slots = Array.from(bytes.slice(2, 8))
      if (slots.some(isErrorUsage)) return []

      const done: string[] = []
      const now = new Set(slots.filter((usage) => usage !== 0))
      for (const usage of now) if (!held.has(usage)) press(usage, modifiers, done)
      held = now
      return done
    },
  }
}
