/**
 * Tells the CSS that scripts run (`html.js`) and hides what only a page without scripts needs
 * (`data-js-hide`, e.g. the language switcher's OK button).
 */
export const markJs = (doc: Document = document) => {
  doc.documentElement.classList.add('js')
  for (const element of doc.querySelectorAll<HTMLElement>('[data-js-hide]')) element.hidden = true
}
