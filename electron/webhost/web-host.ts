import { createReadStream, statSync } from 'node:fs'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { WebSocketServer, type WebSocket } from 'ws'
import {
  BRIDGE_EVENTS,
  BRIDGE_METHODS,
  bridgeChannel,
  type BridgeEvent,
  type BridgeMethod,
  type KioskBridge,
} from '../../shared/kiosk-bridge.ts'
// The same policy and files as the Electron window's.
import { KIOSK_CSP, resolveRendererFile } from '../core/renderer-files.ts'

// The kiosk without Electron: serves the built renderer and carries the bridge contract over a
// WebSocket on /bridge, so the cashier UI runs in any browser (and in Playwright) against the
// same kiosk core the Electron shell uses. Bound to loopback by default: the bridge can unlock
// the kiosk and move points, so only the counter PC itself may reach it.

export type KioskWebHostOptions = {
  core: KioskBridge
  /** dist/renderer (index.html and its assets). */
  staticDir: string
  port?: number
  host?: string
}

export type KioskWebHost = { url: string; port: number; close: () => Promise<void> }

const METHOD_BY_CHANNEL = new Map(
  (Object.keys(BRIDGE_METHODS) as BridgeMethod[]).map((m) => [bridgeChannel(m), m]),
)

const serveFile = (staticDir: string, request: IncomingMessage, response: ServerResponse) => {
  let pathname: string
  try {
    pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://host').pathname)
  } catch {
    response.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('Bad request')
    return
  }
  const file = resolveRendererFile(pathname, staticDir)
  const size = file ? statSync(file.path, { throwIfNoEntry: false }) : undefined
  if (request.method !== 'GET' || !file || !size?.isFile()) {
    response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found')
    return
  }
  response.writeHead(200, {
    'content-type': file.contentType,
    'content-length': size.size,
    'content-security-policy': KIOSK_CSP,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    // Asset names carry content hashes; the page itself is always fetched again.
    'cache-control': file.relative.startsWith('assets/')
      ? 'public, max-age=31536000, immutable'
      : 'no-cache',
  })
  createReadStream(file.path).pipe(response)
}

/** Only the page this host served may open the bridge (a WebSocket ignores CORS). */
const sameOrigin = (request: IncomingMessage) => {
  const origin = request.headers.origin
  return origin !== undefined && origin === `http://${request.headers.host}`
}

export const startKioskWebHost = async (options: KioskWebHostOptions): Promise<KioskWebHost> => {
  const { core } = options
  const server = createServer((request, response) =>
    serveFile(options.staticDir, request, response),
  )
  const sockets = new WebSocketServer({
    server,
    path: '/bridge',
    maxPayload: 256 * 1024,
    verifyClient: ({ req }: { req: IncomingMessage }) => sameOrigin(req),
  })

  // ws re-emits the HTTP server's errors (a port in use): the listen below reports them.
  sockets.on('error', () => {})

  const send = (socket: WebSocket, message: unknown) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message))
  }

  sockets.on('connection', (socket) => {
    socket.on('message', (data) => {
      let request: { id?: unknown; channel?: unknown; input?: unknown }
      try {
        request = JSON.parse(String(data))
      } catch {
        return
      }
      const method = METHOD_BY_CHANNEL.get(String(request.channel))
      if (typeof request.id !== 'number') return
      if (!method) {
        send(socket, {
          id: request.id,
          result: { ok: false, error: { code: 'NOT_FOUND', details: {} } },
        })
        return
      }
      // The core parses the input with the contract and answers { ok, value | error }.
      void (core[method] as (input: unknown) => Promise<unknown>)(request.input).then((result) =>
        send(socket, { id: request.id, result }),
      )
    })
  })

  const unsubscribe = (Object.keys(BRIDGE_EVENTS) as BridgeEvent[]).map((event) =>
    core.on(event, (payload) => {
      for (const socket of sockets.clients) send(socket, { channel: bridgeChannel(event), payload })
    }),
  )

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo
  const host = options.host && options.host !== '0.0.0.0' ? options.host : '127.0.0.1'
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}/`,
    port,
    close: async () => {
      for (const off of unsubscribe) off()
      for (const socket of sockets.clients) socket.terminate()
      await new Promise<void>((resolve) => sockets.close(() => resolve()))
      const closed = new Promise<void>((resolve) => server.close(() => resolve()))
      // Keep-alive connections of the page would hold close() open.
      server.closeAllConnections()
      await closed
    },
  }
}
