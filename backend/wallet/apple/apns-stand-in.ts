import http2 from 'node:http2'
import type { AddressInfo } from 'node:net'
import forge from 'node-forge'
import { issueLocalhostCertificate, type DemoAppleCertificates } from './demo-certificates.ts'

// A local APNs for tests and the demo: HTTP/2 over TLS with a certificate of the demo CA, the
// same path and headers as Apple's (POST /3/device/<token>, apns-topic), recording each push.
// A token listed in `gone` answers 410 Unregistered, as APNs does for a device without the app.

export type RecordedPush = { pushToken: string; topic: string; body: string; at: Date }

export type ApnsStandIn = {
  url: string
  /** The CA a client must trust (the demo root). */
  ca: string
  pushes: RecordedPush[]
  gone: Set<string>
  stop: () => Promise<void>
}

export const startApnsStandIn = async (demo: DemoAppleCertificates): Promise<ApnsStandIn> => {
  const root = {
    certificate: forge.pki.certificateFromPem(demo.root.certificate),
    key: forge.pki.privateKeyFromPem(demo.root.privateKey) as forge.pki.rsa.PrivateKey,
  }
  const tls = issueLocalhostCertificate(root)
  const pushes: RecordedPush[] = []
  const gone = new Set<string>()
  const server = http2.createSecureServer({ cert: tls.certificate, key: tls.privateKey })
  server.on('stream', (stream, headers) => {
    let body = ''
    stream.setEncoding('utf8')
    stream.on('data', (chunk: string) => (body += chunk))
    stream.on('end', () => {
      const path = String(headers[':path'] ?? '')
      const match = /^\/3\/device\/([^/?]+)$/.exec(path)
      const answer = (status: number, reason?: string) => {
        stream.respond({ ':status': status, 'apns-id': crypto.randomUUID() })
        stream.end(reason ? JSON.stringify({ reason }) : undefined)
      }
      if (headers[':method'] !== 'POST' || !match) return answer(404, 'BadPath')
      const topic = String(headers['apns-topic'] ?? '')
      if (!topic) return answer(400, 'MissingTopic')
      const pushToken = decodeURIComponent(match[1]!)
      if (gone.has(pushToken)) return answer(410, 'Unregistered')
      pushes.push({ pushToken, topic, body, at: new Date() })
      answer(200)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `https://localhost:${port}`,
    ca: demo.root.certificate,
    pushes,
    gone,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
