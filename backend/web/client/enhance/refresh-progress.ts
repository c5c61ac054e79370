/**
 * A `[data-refresh-while]` section with an id (a member import's progress) takes its new self
 * from the same page every two seconds, until the page no longer marks it (the import ended).
 * Without this script the section's link reloads the page.
 */
export const enhanceRefreshProgress = (doc: Document = document, everyMs = 2_000) => {
  const tick = async () => {
    const section = doc.querySelector<HTMLElement>('[data-refresh-while][id]')
    if (!section) return
    try {
      const response = await fetch(doc.location.href, { headers: { accept: 'text/html' } })
      if (response.ok) {
        const page = new DOMParser().parseFromString(await response.text(), 'text/html')
        const fresh = page.getElementById(section.id)
        if (fresh) {
          section.replaceWith(doc.importNode(fresh, true))
          if (!fresh.hasAttribute('data-refresh-while')) return
        }
      }
    } catch {
      // Offline for a moment: try again at the next tick.
    }
    setTimeout(() => void tick(), everyMs)
  }
  if (doc.querySelector('[data-refresh-while][id]')) setTimeout(() => void tick(), everyMs)
}
