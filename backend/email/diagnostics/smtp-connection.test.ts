import { afterAll, describe, expect, it } from 'vitest'
import { SmtpFailure, connectSmtp } from './smtp-connection.ts'
import { freePort as closedPort } from '../../db/embedded.ts'
import { startScriptedServer, type RunningServer } from '../../test/test-smtp-server.ts'

const servers: RunningServer[] = []
afterAll(() => Promise.all(servers.map((s) => s.close())))

const serve = async (script: Parameters<typeof startScriptedServer>[0]) => {
  const server = await startScriptedServer(script)
  servers.push(server)
  return server.port
}

const failureOf = async (promise: Promise<unknown>): Promise<SmtpFailure> => {
  try {
    await promise
  } catch (error) {
    if (error instanceof SmtpFailure) return error
    throw error
  }
  throw new Error('expected a failure')
}

describe('connectSmtp', () => {
  it('reads a multi-line reply that arrives in pieces, with UTF-8 split across them', async () => {
    const text = Buffer.from('220 mx ESMTP Grüß Gott\r\n')
    const port = await serve((socket) => {
      socket.write('220-mx.example.com first\r\n220-sec')
      setTimeout(
        () => socket.write(Buffer.concat([Buffer.from('ond\r\n'), text.subarray(0, 19)])),
        20,
      )
      setTimeout(() => socket.write(text.subarray(19)), 40)
    })
    const connection = await connectSmtp({ host: '127.0.0.1', port, timeoutMs: 500 })
    expect(await connection.readReply()).toEqual({
      code: 220,
      lines: ['mx.example.com first', 'second', 'mx ESMTP Grüß Gott'],
    })
    connection.destroy()
  })

  it('gives up on a silent server within the timeout', async () => {
    const port = await serve(() => {})
    const connection = await connectSmtp({ host: '127.0.0.1', port, timeoutMs: 300 })
    const startedAt = performance.now()
    const failure = await failureOf(connection.readReply())
    expect(failure.kind).toBe('timeout')
    // Within the timeout, not nodemailer's minutes; the margin absorbs a busy machine.
    expect(performance.now() - startedAt).toBeLessThan(300 + 2_000)
    connection.destroy()
  })

  it('tells a server that is not SMTP and one that hangs up', async () => {
    const notSmtp = await serve((socket) => socket.write('+OK POP3 server ready\r\n'))
    const hangsUp = await serve((socket) => socket.end())
    const pop = await connectSmtp({ host: '127.0.0.1', port: notSmtp, timeoutMs: 500 })
    expect((await failureOf(pop.readReply())).kind).toBe('protocol')
    pop.destroy()
    const closed = await connectSmtp({ host: '127.0.0.1', port: hangsUp, timeoutMs: 500 })
    expect((await failureOf(closed.readReply())).kind).toBe('closed')
    closed.destroy()
  })

  it('reports a refused connection', async () => {
    const port = await closedPort()
    const failure = await failureOf(connectSmtp({ host: '127.0.0.1', port, timeoutMs: 500 }))
    expect(failure).toMatchObject({ kind: 'refused', code: 'ECONNREFUSED' })
  })
})
