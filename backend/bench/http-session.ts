import http from 'node:http'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'

// Requests as a browser sends them, for the page benchmarks: on the wire (compressed bodies
// kept as they came, so their size is what a phone downloads), with a session cookie, and
// form posts with the Origin the CSRF check wants.

export type Raw = { status: number; headers: http.IncomingHttpHeaders; bytes: Buffer }

/** One request as sent on the wire (not decompressed), with the session cookie. */
export const get = (url: string, cookie: string, method = 'GET', body?: string) =>
  new Promise<Raw>((resolve, reject) => {
    const request = http.request(
      url,
      {
        method,
        headers: {
          'accept-encoding': 'br, gzip',
          accept: 'text/html',
          'accept-language': 'fr',
          ...(cookie ? { cookie } : {}),
          ...(body
            ? {
                'content-type': 'application/x-www-form-urlencoded',
                origin: new URL(url).origin,
              }
            : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            bytes: Buffer.concat(chunks),
          }),
        )
      },
    )
    request.on('error', reject)
    request.end(body)
  })

export const cookiesOf = (raw: Raw, jar: Map<string, string>) => {
  for (const line of raw.headers['set-cookie'] ?? []) {
    const [pair] = line.split(';')
    const [name, ...value] = pair!.split('=')
    jar.set(name!, value.join('='))
  }
  return [...jar].map(([k, v]) => `${k}=${v}`).join('; ')
}

/** The body of a response, decompressed. */
export const decode = async (raw: Raw) => {
  const encoding = raw.headers['content-encoding']
  const bytes =
    encoding === 'br'
      ? brotliDecompressSync(raw.bytes)
      : encoding === 'gzip'
        ? gunzipSync(raw.bytes)
        : raw.bytes
  return bytes.toString('utf8')
}
