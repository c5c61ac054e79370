import { isDatePart, isPartComplete, splitPastedDate, type DatePart } from './date-parts-rules.ts'

type PartControl = HTMLInputElement | HTMLSelectElement
type Part = { control: PartControl; part: DatePart }

const partsOf = (group: Element): Part[] =>
  [...group.querySelectorAll<PartControl>('[data-date-part]')].flatMap((control) => {
    const part = control.dataset.datePart
    return isDatePart(part) ? [{ control, part }] : []
  })

const setValue = (control: PartControl, value: string) => {
  if (control instanceof HTMLSelectElement) {
    const option = [...control.options].find((o) => o.value && Number(o.value) === Number(value))
    if (option) control.value = option.value
  } else {
    control.value = value
  }
}

/**
 * Niceties for the birthday control, which stays three plain fields (day, month, year in the
 * locale's order) that work without scripts: the focus moves on when a part is complete,
 * Backspace in an empty part goes back, and a whole pasted date fills all three.
 */
export const enhanceDateParts = (doc: Document = document) => {
  for (const group of doc.querySelectorAll('[data-date-parts]')) {
    const parts = partsOf(group)
    if (parts.length !== 3) continue
    const order = parts.map(({ part }) => part)

    parts.forEach(({ control, part }, index) => {
      if (!(control instanceof HTMLInputElement)) return
      const next = parts[index + 1]?.control
      const previous = parts[index - 1]?.control
      control.addEventListener('input', (event) => {
        const typed = event instanceof InputEvent && event.inputType.startsWith('insert')
        if (typed && next && isPartComplete(part, control.value)) next.focus()
      })
      control.addEventListener('keydown', (event) => {
        if (event.key === 'Backspace' && control.value === '' && previous) {
          event.preventDefault()
          previous.focus()
        }
      })
      control.addEventListener('paste', (event) => {
        const pasted = splitPastedDate(event.clipboardData?.getData('text') ?? '', order)
        if (!pasted) return
        event.preventDefault()
        for (const p of parts) setValue(p.control, pasted[p.part] ?? '')
        parts.at(-1)?.control.focus()
      })
    })
  }
}
