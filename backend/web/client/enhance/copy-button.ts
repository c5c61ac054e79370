/**
 * `[data-copy]` buttons (rendered `hidden`, as they need scripts) copy their `data-copy` text, or
 * the text of the element whose id is in `data-copy-from`, and say `data-copied-label` briefly.
 */
export const enhanceCopyButtons = (doc: Document = document) => {
  for (const button of doc.querySelectorAll<HTMLButtonElement>('button[data-copy]')) {
    if (!navigator.clipboard) continue
    button.hidden = false
    button.type = 'button'
    button.setAttribute('aria-live', 'polite')
    const label = button.textContent ?? ''
    button.addEventListener('click', () => {
      const { copy, copyFrom, copiedLabel } = button.dataset
      const text = copyFrom ? (doc.getElementById(copyFrom)?.textContent ?? '') : (copy ?? '')
      void navigator.clipboard.writeText(text.trim()).then(() => {
        if (!copiedLabel) return
        button.textContent = copiedLabel
        setTimeout(() => (button.textContent = label), 2000)
      })
    })
  }
}
