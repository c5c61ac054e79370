/**
 * `[data-password-toggle]` around a password input gets a button that shows or hides what was
 * typed; the page gives the localized labels in `data-show-label` and `data-hide-label`.
 */
export const enhancePasswordToggles = (doc: Document = document) => {
  for (const wrapper of doc.querySelectorAll<HTMLElement>('[data-password-toggle]')) {
    const input = wrapper.querySelector<HTMLInputElement>('input[type="password"]')
    const { showLabel, hideLabel } = wrapper.dataset
    if (!input || !showLabel || !hideLabel || wrapper.querySelector('.password__toggle')) continue
    const toggle = doc.createElement('button')
    toggle.type = 'button'
    toggle.className = 'password__toggle'
    if (input.id) toggle.setAttribute('aria-controls', input.id)
    const show = (visible: boolean) => {
      input.type = visible ? 'text' : 'password'
      toggle.textContent = visible ? hideLabel : showLabel
    }
    show(false)
    toggle.addEventListener('click', () => show(input.type === 'password'))
    // Never send or let a password manager store the field while it is shown as text.
    input.form?.addEventListener('submit', () => show(false))
    wrapper.append(toggle)
    wrapper.classList.add('password--enhanced')
  }
}
