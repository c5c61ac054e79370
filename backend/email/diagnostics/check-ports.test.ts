import { afterAll, describe, expect, it } from 'vitest'
import { judgePorts, probePort } from './check-ports.ts'
import type { PortProbe } from './diagnostic-step.ts'
import { freePort as closedPort } from '../../db/embedded.ts'
import { startSilentServer, type RunningServer } from '../../test/test-smtp-server.ts'

const probe = (port: number, state: PortProbe['state'], configured = false): PortProbe => ({
  port,
  configured,
  state,
  durationMs: 1,
})

describe('judgePorts', () => {
  it('fails when the configured 465 times out and suggests 587 with STARTTLS', () => {
    const judged = judgePorts(
      'smtp.example.com',
      [probe(25, 'refused'), probe(465, 'timeout', true), probe(587, 'open')],
      800,
    )
    expect(judged.verdict).toBe('failed')
    expect(judged.hints).toEqual([
      { key: 'smtp:hint.port_timeout', values: { port: 465, ms: 800 } },
      { key: 'smtp:hint.try_port', values: { port: 587, secure: 'starttls' } },
      { key: 'smtp:hint.other_port_refused', values: { port: 25, configured: 465 } },
    ])
  })

  it('stays ok when the configured port opens, with 465 timing out for information', () => {
    const judged = judgePorts(
      'smtp.example.com',
      [probe(25, 'open'), probe(465, 'timeout'), probe(587, 'open', true)],
      800,
    )
    expect(judged.verdict).toBe('ok')
    expect(judged.hints).toEqual([
      { key: 'smtp:hint.other_port_timeout', values: { port: 465, configured: 587 } },
    ])
  })

  it('suggests implicit TLS on 465 when only that one answers', () => {
    const judged = judgePorts(
      'smtp.example.com',
      [probe(25, 'timeout'), probe(465, 'open'), probe(587, 'refused', true)],
      800,
    )
    expect(judged.verdict).toBe('failed')
    expect(judged.hints.slice(0, 2)).toEqual([
      { key: 'smtp:hint.port_refused', values: { port: 587, host: 'smtp.example.com' } },
      { key: 'smtp:hint.try_port', values: { port: 465, secure: 'tls' } },
    ])
  })
})

describe('probePort', () => {
  const servers: RunningServer[] = []
  afterAll(() => Promise.all(servers.map((s) => s.close())))

  it('tells an open port from a refused one', async () => {
    const server = await startSilentServer()
    servers.push(server)
    const port = await closedPort()
    const [open, refused] = await Promise.all([
      probePort('127.0.0.1', server.port, 500),
      probePort('127.0.0.1', port, 500),
    ])
    expect(open).toMatchObject({ state: 'open', port: server.port })
    expect(refused).toMatchObject({ state: 'refused', errorCode: 'ECONNREFUSED' })
    expect(refused.durationMs).toBeLessThan(500)
  })
})
