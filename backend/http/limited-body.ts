import type { IncomingMessage } from 'node:http'

/** A request body read up to a limit: its bytes, or `tooLarge` (the rest is never held). */
export type LimitedBody = { tooLarge: false; bytes: Buffer } | { tooLarge: true }

/**
 * Reads a request body that is not JSON (an uploaded image) into memory, at most `maxBytes`:
 * a Content-Length over the limit is refused before reading anything, and a body that grows
 * past it stops being kept at once (the rest is read and dropped, so the answer can still be
 * sent), so a large upload costs no more memory than the limit.
 */
export const readLimitedBody = async (
  request: IncomingMessage,
  maxBytes: number,
): Promise<LimitedBody> => {
  const declared = Number(request.headers['content-length'])
  if (Number.isFinite(declared) && declared > maxBytes) return { tooLarge: true }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const stop = () => {
      request.off('data', onData)
      request.off('end', onEnd)
      request.off('error', reject)
    }
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size <= maxBytes) return void chunks.push(chunk)
      // Past the limit: keep nothing more, let the rest flow by (the socket stays usable
      // for the answer).
      stop()
      chunks.length = 0
      request.resume()
      resolve({ tooLarge: true })
    }
    const onEnd = () => {
      stop()
      resolve({ tooLarge: false, bytes: Buffer.concat(chunks) })
    }
    request.on('data', onData)
    request.on('end', onEnd)
    request.on('error', reject)
  })
}
