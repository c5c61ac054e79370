import type kiosk from '../../locales/en/kiosk.json'
import type errors from '../../locales/en/errors.json'

// The cashier UI's keys, typed from the English files (every language has the same keys: the
// locales test), so `t()` with a key that is not there fails the type check.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'kiosk'
    resources: { kiosk: typeof kiosk; errors: typeof errors }
  }
}
