/** A form whose response never replaces the page (a file download) becomes usable again. */
const RELEASE_AFTER_MS = 10_000

const submitButtons = (form: HTMLFormElement) =>
  [...form.elements].filter(
    (element): element is HTMLButtonElement | HTMLInputElement =>
      (element instanceof HTMLButtonElement || element instanceof HTMLInputElement) &&
      element.type === 'submit',
  )

const release = (form: HTMLFormElement) => {
  delete form.dataset.submitting
  form.removeAttribute('aria-busy')
  for (const button of submitButtons(form)) {
    button.removeAttribute('aria-disabled')
    button.classList.remove('is-busy')
  }
}

const hold = (form: HTMLFormElement, submitter: HTMLElement | null) => {
  form.setAttribute('aria-busy', 'true')
  // aria-disabled rather than disabled: the button keeps the focus, and a disabled submitter
  // would drop its name=value from the request.
  for (const button of submitButtons(form)) button.setAttribute('aria-disabled', 'true')
  submitter?.classList.add('is-busy')
  setTimeout(() => release(form), RELEASE_AFTER_MS)
}

/**
 * After the first submit a form ignores further submits until the next page, so a double tap
 * never sends twice. `data-allow-resubmit` opts a form out.
 */
export const enhanceSubmitOnce = (doc: Document = document) => {
  doc.addEventListener('submit', (event) => {
    const form = event.target
    if (!(form instanceof HTMLFormElement) || event.defaultPrevented) return
    if (form.method === 'dialog' || form.hasAttribute('data-allow-resubmit')) return
    if (form.dataset.submitting === 'true') {
      event.preventDefault()
      return
    }
    form.dataset.submitting = 'true'
    // Decide once every listener has run: a confirm question may have held this submit back.
    setTimeout(() => {
      if (event.defaultPrevented) delete form.dataset.submitting
      else hold(form, event.submitter)
    }, 0)
  })
  // Back/forward cache: the page comes back as it was left, busy buttons included.
  doc.defaultView?.addEventListener('pageshow', (event) => {
    if (!event.persisted) return
    for (const form of doc.querySelectorAll<HTMLFormElement>('form[data-submitting]')) release(form)
  })
}
