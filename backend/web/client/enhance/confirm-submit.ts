/**
 * Destructive forms ask first: `data-confirm="message"` on the form or on its submit button.
 * With `data-confirm-ok` and `data-confirm-cancel` (localized by the page) the question is a
 * styled modal dialog; without them, the browser's own confirm(). Without scripts the form is
 * sent as is, so the server must still treat the action as deliberate.
 */
export const enhanceConfirm = (doc: Document = document) => {
  doc.addEventListener('submit', (event) => {
    const form = event.target
    if (!(form instanceof HTMLFormElement)) return
    const submitter = event.submitter
    const source = submitter?.hasAttribute('data-confirm')
      ? submitter
      : form.hasAttribute('data-confirm')
        ? form
        : null
    if (!source) return
    if (form.dataset.confirmed === 'true') {
      delete form.dataset.confirmed
      return
    }
    event.preventDefault()
    void ask(doc, source).then((confirmed) => {
      if (!confirmed) return
      form.dataset.confirmed = 'true'
      // Later, not now: while this submit event is being handled the form ignores a new one.
      setTimeout(() => (submitter ? form.requestSubmit(submitter) : form.requestSubmit()), 0)
    })
  })
}

const ask = (doc: Document, source: HTMLElement): Promise<boolean> => {
  const { confirm: message = '', confirmOk, confirmCancel } = source.dataset
  if (!confirmOk || !confirmCancel || typeof HTMLDialogElement !== 'function') {
    return Promise.resolve(window.confirm(message))
  }
  const dialog = doc.createElement('dialog')
  dialog.className = 'confirm-dialog'
  const text = doc.createElement('p')
  text.className = 'confirm-dialog__message'
  text.id = `confirm-${Date.now().toString(36)}`
  text.textContent = message
  dialog.setAttribute('aria-labelledby', text.id)
  const actions = doc.createElement('form')
  actions.method = 'dialog'
  actions.className = 'confirm-dialog__actions'
  const cancel = button(doc, confirmCancel, 'button button--secondary', 'cancel')
  const ok = button(doc, confirmOk, 'button button--danger', 'ok')
  actions.append(cancel, ok)
  dialog.append(text, actions)
  doc.body.append(dialog)
  dialog.showModal()
  // The safe choice has the focus: Enter on a destructive question must not destroy.
  cancel.focus()
  return new Promise((resolve) => {
    dialog.addEventListener(
      'close',
      () => {
        resolve(dialog.returnValue === 'ok')
        dialog.remove()
      },
      { once: true },
    )
  })
}

const button = (doc: Document, label: string, className: string, value: string) => {
  const element = doc.createElement('button')
  element.type = 'submit'
  element.className = className
  element.value = value
  element.textContent = label
  return element
}
