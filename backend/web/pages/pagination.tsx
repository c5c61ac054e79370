import { usePage } from './page.tsx'

/**
 * The pages to offer around `current`: the first, the last, and two neighbours on each side,
 * with a gap (null) where pages are left out — never for a single page, which is shown instead.
 */
export const pageWindow = (current: number, total: number): (number | null)[] => {
  const shown = new Set(
    [1, total, current - 2, current - 1, current, current + 1, current + 2].filter(
      (page) => page >= 1 && page <= total,
    ),
  )
  const pages = [...shown].sort((a, b) => a - b)
  return pages.flatMap((page, index) => {
    const previous = pages[index - 1]
    if (previous === undefined || page - previous === 1) return [page]
    return page - previous === 2 ? [previous + 1, page] : [null, page]
  })
}

/**
 * Previous / numbered pages / next, as links built by `href` (plain links: no script), with
 * its texts under `texts` (`label`, `previous`, `next`, `page`, `summary`, e.g.
 * 'history.pagination'); `total`, when given, is offered to the summary as `{{total}}`.
 */
export const Pagination = (props: {
  page: number
  totalPages: number
  href: (page: number) => string
  texts: 'history.pagination' | 'email_admin:pagination' | 'merchant:review_page.pagination'
  total?: number
}) => {
  const { t, format } = usePage()
  const { page, totalPages, href } = props
  const text = (
    key: 'label' | 'previous' | 'next' | 'page' | 'summary',
    values?: Record<string, string>,
  ) => t(`${props.texts}.${key}`, values)
  if (totalPages <= 1) return null
  // The summary follows the nav rather than sitting in it: on phones the nav is one
  // non-wrapping row (previous, current, next), which a full-width summary would squeeze.
  return (
    <div className="stack stack--sm">
      <nav className="pagination" aria-label={text('label')}>
        {page > 1 ? (
          <a className="pagination__link" rel="prev" href={href(page - 1)}>
            {text('previous')}
          </a>
        ) : (
          <span className="pagination__link" aria-disabled="true">
            {text('previous')}
          </span>
        )}
        <ul className="pagination__pages">
          {pageWindow(page, totalPages).map((number, index) =>
            number === null ? (
              <li key={`gap-${index}`}>
                <span className="pagination__gap">…</span>
              </li>
            ) : (
              <li key={number}>
                <a
                  className="pagination__link"
                  href={href(number)}
                  aria-current={number === page ? 'page' : undefined}
                  aria-label={text('page', { page: format.number(number) })}
                >
                  {format.number(number)}
                </a>
              </li>
            ),
          )}
        </ul>
        {page < totalPages ? (
          <a className="pagination__link" rel="next" href={href(page + 1)}>
            {text('next')}
          </a>
        ) : (
          <span className="pagination__link" aria-disabled="true">
            {text('next')}
          </span>
        )}
      </nav>
      <p className="pagination__summary">
        {text('summary', {
          page: format.number(page),
          pages: format.number(totalPages),
          ...(props.total === undefined ? {} : { total: format.number(props.total) }),
        })}
      </p>
    </div>
  )
}
