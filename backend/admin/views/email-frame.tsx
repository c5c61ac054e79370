import { usePage } from '../../web/pages/page.tsx'

export type FrameImage = { contentId: string | null; contentType: string; content: Buffer }

/** The HTML with its `cid:` links replaced by data: URLs of the inline images they name. */
export const inlineImagesAsDataUrls = (html: string, images: FrameImage[]): string =>
  images.reduce(
    (out, image) =>
      image.contentId && image.contentType.startsWith('image/')
        ? out
            .split(`cid:${image.contentId}`)
            .join(`data:${image.contentType};base64,${image.content.toString('base64')}`)
        : out,
    html,
  )

/**
 * An email's HTML as its recipient would see it, in an iframe that is sandboxed with no
 * permission at all: no scripts, no forms, no same-origin access, no top navigation. Email HTML
 * is untrusted (and an admin-edited template is too).
 */
export const EmailFrame = (props: { html: string; images: FrameImage[]; title: string }) => {
  const { t } = usePage()
  return (
    <iframe
      className="email-frame"
      title={props.title}
      sandbox=""
      referrerPolicy="no-referrer"
      srcDoc={inlineImagesAsDataUrls(props.html, props.images)}
      style={{ width: '100%', minHeight: '32rem', border: '1px solid var(--color-border)' }}
      aria-label={t('email_admin:frame.label')}
    />
  )
}

/** Previous / next links over a paged list, keeping the other query parameters. */
export const Pagination = (props: {
  page: number
  pageSize: number
  total: number
  query: Record<string, string>
}) => {
  const { t, format } = usePage()
  const pages = Math.max(1, Math.ceil(props.total / props.pageSize))
  if (pages <= 1) return null
  const href = (page: number) => {
    const params = new URLSearchParams(
      Object.entries({ ...props.query, page: String(page) }).filter(([, v]) => v !== ''),
    )
    return `?${params.toString()}`
  }
  return (
    <nav className="pagination" aria-label={t('email_admin:pagination.label')}>
      {props.page > 1 ? (
        <a className="pagination__link" rel="prev" href={href(props.page - 1)}>
          {t('email_admin:pagination.previous')}
        </a>
      ) : (
        <span className="pagination__link" aria-disabled="true">
          {t('email_admin:pagination.previous')}
        </span>
      )}
      <ul className="pagination__pages">
        <li>
          <span className="pagination__link" aria-current="page">
            {format.number(props.page)}
          </span>
        </li>
      </ul>
      {props.page < pages ? (
        <a className="pagination__link" rel="next" href={href(props.page + 1)}>
          {t('email_admin:pagination.next')}
        </a>
      ) : (
        <span className="pagination__link" aria-disabled="true">
          {t('email_admin:pagination.next')}
        </span>
      )}
      <p className="pagination__summary">
        {t('email_admin:pagination.summary', {
          page: format.number(props.page),
          pages: format.number(pages),
          total: format.number(props.total),
        })}
      </p>
    </nav>
  )
}
