import { useTranslation } from 'react-i18next'
import type { CardScreen } from '../../shared/kiosk-bridge.ts'
import { useKiosk } from './kiosk-context.ts'
import { formatNumber } from './format.ts'

export type ProgrammeType = CardScreen['programme']['type']

/** A number of points or stamps in the UI's language, plural included: "110 points", "1 tampon". */
export const useCountText = () => {
  const { t } = useTranslation()
  const { language } = useKiosk()
  return (type: ProgrammeType, count: number) =>
    t(type === 'points' ? 'points_count' : 'stamps_count', {
      count,
      formatted: formatNumber(count, language),
    })
}
