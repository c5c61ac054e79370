/** A `data-auto-submit` form (the language switcher) sends itself when one of its choices changes. */
export const enhanceAutoSubmit = (doc: Document = document) => {
  doc.addEventListener('change', (event) => {
    const control = event.target
    if (!(control instanceof HTMLSelectElement || control instanceof HTMLInputElement)) return
    const form = control.form
    if (!form?.hasAttribute('data-auto-submit')) return
    form.requestSubmit()
  })
}
