import http from 'node:http'

// Requests from the app to itself, as a browser on another host would send them: the routing
// diagnostics use them to run the URL matrix against the live app.

/** Where the running app can be reached from itself (the local end of the admin's request). */
export type LiveApp = { host: string; port: number }

/** The status and `Location` the app answered with (status 0: no answer). */
export type LiveAnswer = { status: number; location: string | null }

const LIVE_TIMEOUT_MS = 5_000

/** Runs `tasks` at most `limit` at a time. */
export const pool = async (tasks: (() => Promise<void>)[], limit: number) => {
  let next = 0
  const worker = async () => {
    while (next < tasks.length) await tasks[next++]!()
  }
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker))
}

export type LiveResponse = LiveAnswer & { body: string }

/** GETs `url` from the running app, addressed as a browser would (Host, or the proxy headers). */
export const liveGet = (
  app: LiveApp,
  url: URL,
  accept: string,
  trustProxy: boolean,
): Promise<LiveResponse> =>
  new Promise((resolve) => {
    const headers: Record<string, string> = {
      host: url.host,
      accept,
      'accept-language': 'en',
      'user-agent': 'RewardFlow routing diagnostics',
    }
    if (trustProxy) {
      headers['x-forwarded-host'] = url.host
      headers['x-forwarded-proto'] = url.protocol.replace(':', '')
    }
    const request = http.request(
      {
        host: app.host,
        port: app.port,
        method: 'GET',
        path: `${url.pathname}${url.search}`,
        headers,
        timeout: LIVE_TIMEOUT_MS,
      },
      (response) => {
        let body = ''
        response.setEncoding('utf8')
        response.on('data', (chunk: string) => {
          if (body.length < 65_536) body += chunk
        })
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            location: response.headers.location ?? null,
            body,
          }),
        )
        response.on('error', () => resolve({ status: 0, location: null, body: '' }))
      },
    )
    request.on('timeout', () => request.destroy(new Error('timeout')))
    request.on('error', () => resolve({ status: 0, location: null, body: '' }))
    request.end()
  })

export const errorCodeOf = (body: string): string | null => {
  try {
    const parsed = JSON.parse(body) as { error?: { code?: unknown } }
    return typeof parsed.error?.code === 'string' ? parsed.error.code : null
  } catch {
    return null
  }
}
