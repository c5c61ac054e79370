import { usePage } from '../../web/pages/page.tsx'

/** How long ago `from` was, seen at `now`, in the largest whole unit: minutes, hours or days. */
export const ageParts = (from: Date | string, now: Date) => {
  const minutes = Math.max(0, Math.floor((now.getTime() - new Date(from).getTime()) / 60_000))
  if (minutes < 60) return { unit: 'minutes', count: minutes } as const
  if (minutes < 48 * 60) return { unit: 'hours', count: Math.floor(minutes / 60) } as const
  return { unit: 'days', count: Math.floor(minutes / (24 * 60)) } as const
}

/** An age in the page language: "5 minutes ago", "3 hours ago", "2 days ago". */
export const AgeText = (props: { from: Date | string; now: Date }) => {
  const { t } = usePage()
  const age = ageParts(props.from, props.now)
  return <>{t(`age.${age.unit}`, { count: age.count })}</>
}
