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
