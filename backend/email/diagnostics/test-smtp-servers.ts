import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { SMTPServer, type SMTPServerOptions } from 'smtp-server'

// Real servers for the diagnostics tests: smtp-server with a certificate made by openssl at test
// time, a TCP server that never says a word, a port nothing listens on.

export type Certificate = { key: string; cert: string }

/** A fresh self-signed certificate (EC P-256) from the openssl command line. */
export const createSelfSignedCertificate = async (options: {
  commonName: string
  altNames: string[]
  days: number
}): Promise<Certificate> => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rf-smtp-cert-'))
  try {
    const key = path.join(dir, 'key.pem')
    const cert = path.join(dir, 'cert.pem')
    await promisify(execFile)('openssl', [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      String(options.days),
      '-subj',
      `/CN=${options.commonName}`,
      '-addext',
      `subjectAltName=${options.altNames.join(',')}`,
    ])
    return { key: await readFile(key, 'utf8'), cert: await readFile(cert, 'utf8') }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

export type RunningServer = { port: number; close: () => Promise<void> }

const portOf = (server: net.Server) => (server.address() as net.AddressInfo).port

/** smtp-server on 127.0.0.1 at a free port. */
export const startSmtpServer = (options: SMTPServerOptions): Promise<RunningServer> =>
  new Promise((resolve, reject) => {
    const smtp = new SMTPServer({
      logger: false,
      disableReverseLookup: true,
      closeTimeout: 200,
      ...options,
    })
    smtp.on('error', () => {})
    smtp.server.once('error', reject)
    smtp.listen(0, '127.0.0.1', () =>
      resolve({
        port: portOf(smtp.server),
        close: () => new Promise<void>((done) => smtp.close(() => done())),
      }),
    )
  })

/** A TCP server that sends `script` to each client as it connects (for the line reader). */
export const startScriptedServer = (script: (socket: net.Socket) => void): Promise<RunningServer> =>
  new Promise((resolve) => {
    const sockets = new Set<net.Socket>()
    const server = net.createServer((socket) => {
      sockets.add(socket)
      socket.on('error', () => {})
      socket.on('close', () => sockets.delete(socket))
      script(socket)
    })
    server.listen(0, '127.0.0.1', () =>
      resolve({
        port: portOf(server),
        close: () =>
          new Promise<void>((done) => {
            for (const socket of sockets) socket.destroy()
            server.close(() => done())
          }),
      }),
    )
  })

/** Accepts TCP connections and never answers: a firewall-ish or wrongly configured service. */
export const startSilentServer = (): Promise<RunningServer> => startScriptedServer(() => {})

/** A port that was free a moment ago: connections to it are refused. */
export const closedPort = (): Promise<number> =>
  new Promise((resolve) => {
    const server = net.createServer()
    server.listen(0, '127.0.0.1', () => {
      const port = portOf(server)
      server.close(() => resolve(port))
    })
  })
