import { Busboy } from '@fastify/busboy'
import type { Middleware } from 'koa'
import { AppError } from '../../errors.ts'
import type { AppState } from '../../http/state.ts'

/** A file sent with a page form (`<input type=file>`), read up to the form's limit. */
export type UploadedFile = {
  /** The form field it came in. */
  field: string
  fileName: string
  /** What the browser says it is (from its name): checked against the bytes by the receiver. */
  mimeType: string
} & ({ tooLarge: false; bytes: Buffer } | { tooLarge: true })

declare module '../../http/state.ts' {
  interface AppState {
    /** The file of a multipart page form (set by multipartForms), if one was chosen. */
    upload?: UploadedFile
  }
}

export type MultipartLimits = {
  /**
   * The largest file kept; a larger one is read past and dropped (`tooLarge`). Per path when a
   * form takes larger files than the others (a member import's CSV against a store's logo).
   */
  fileBytes: number | ((path: string) => number)
  /** The largest text field (bytes). */
  fieldBytes: number
  fields: number
}

/**
 * Parses `multipart/form-data` page forms (a form with a file) with @fastify/busboy, streaming:
 * the text fields become `ctx.request.body` (so the CSRF check reads `_csrf` as for any form),
 * one file becomes `ctx.state.upload`. Limits are the parser's, so memory never holds more than
 * `fileBytes` of a file however large the upload: the rest is read and dropped, and the page
 * answers with its message. Only for signed-in staff (`ctx.state.session`): an anonymous
 * visitor's upload is not read at all, and the CSRF check refuses it.
 */
export const multipartForms =
  (limits: MultipartLimits): Middleware<AppState> =>
  async (ctx, next) => {
    if (ctx.method !== 'POST' || !ctx.request.is('multipart/form-data') || !ctx.state.session)
      return next()
    const fileBytes =
      typeof limits.fileBytes === 'function' ? limits.fileBytes(ctx.path) : limits.fileBytes
    const { fields, upload } = await parseMultipart(ctx.req, ctx.get('content-type'), {
      ...limits,
      fileBytes,
    })
    ctx.request.body = fields
    if (upload) ctx.state.upload = upload
    return next()
  }

type Parsed = { fields: Record<string, string>; upload: UploadedFile | null }

const parseMultipart = (
  request: NodeJS.ReadableStream,
  contentType: string,
  limits: MultipartLimits & { fileBytes: number },
): Promise<Parsed> =>
  new Promise((resolve, reject) => {
    const fields: Record<string, string> = {}
    let upload: UploadedFile | null = null
    const parser = Busboy({
      headers: { 'content-type': contentType },
      limits: {
        fileSize: limits.fileBytes,
        files: 1,
        fields: limits.fields,
        fieldSize: limits.fieldBytes,
        parts: limits.fields + 1,
      },
    })
    parser.on('field', (name: string, value: string) => {
      fields[name] = value
    })
    // The file's last bytes may arrive after the parser's 'finish': wait for both.
    let fileRead: Promise<void> = Promise.resolve()
    parser.on(
      'file',
      (
        field: string,
        stream: NodeJS.ReadableStream,
        fileName: string,
        _encoding: string,
        mimeType: string,
      ) => {
        const chunks: Buffer[] = []
        let tooLarge = false
        stream.on('limit', () => {
          // Over the limit: drop what was kept; busboy reads past the rest.
          tooLarge = true
          chunks.length = 0
        })
        stream.on('data', (chunk: Buffer) => {
          if (!tooLarge) chunks.push(chunk)
        })
        fileRead = new Promise((done) =>
          stream.on('end', () => {
            const bytes = Buffer.concat(chunks)
            // A file input left empty still sends a part, without a name or bytes.
            if (fileName || bytes.length > 0 || tooLarge)
              upload = tooLarge
                ? { field, fileName, mimeType, tooLarge: true }
                : { field, fileName, mimeType, tooLarge: false, bytes }
            done()
          }),
        )
      },
    )
    parser.on('finish', () => void fileRead.then(() => resolve({ fields, upload })))
    parser.on('error', () =>
      reject(new AppError('VALIDATION_FAILED', { fields: [{ path: 'form', code: 'malformed' }] })),
    )
    request.pipe(parser)
  })
