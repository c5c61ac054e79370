import type { useTranslation } from 'react-i18next'
import type { KIOSK_AND_ERRORS } from './i18n.ts'

// A type test, checked by `npm run typecheck` (renderer/tsconfig.json) and never run: the t()
// of useTranslation accepts the keys of locales/en/kiosk.json (and errors.json as errors:CODE
// where a screen asks for both), and the lines marked @ts-expect-error must stay errors.

declare const kiosk: ReturnType<typeof useTranslation<'kiosk'>>
declare const withErrors: ReturnType<typeof useTranslation<typeof KIOSK_AND_ERRORS>>

kiosk.t('dismiss')
kiosk.t('points_count', { count: 2 })
// @ts-expect-error not a key of kiosk.json
kiosk.t('dismis')
// @ts-expect-error error messages need the errors namespace
kiosk.t('errors:NOT_FOUND')

withErrors.t('dismiss')
withErrors.t('errors:NOT_FOUND')
// @ts-expect-error not an error code
withErrors.t('errors:NOT_FOUN')

const field = 'email' as 'name' | 'email' | 'birthday'
kiosk.t(`invalid_${field}`)
// @ts-expect-error `invalid_${string}` may be a key that does not exist
kiosk.t(`invalid_${field as string}`)
