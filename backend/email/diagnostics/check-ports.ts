import net from 'node:net'
import {
  elapsedSince,
  hint,
  type Hint,
  type PortProbe,
  type PortState,
  type StepOf,
  type Verdict,
} from './diagnostic-step.ts'
import { USUAL_SECURE_MODE } from './smtp-target.ts'

const UNREACHABLE = new Set(['EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'EHOSTDOWN'])

/** Whether a TCP connection to host:port opens, is refused, or times out. */
export const probePort = (
  host: string,
  port: number,
  timeoutMs: number,
  configured = false,
): Promise<PortProbe> =>
  new Promise((resolve) => {
    const startedAt = performance.now()
    const socket = net.connect({ host, port })
    const done = (state: PortState, errorCode?: string) => {
      clearTimeout(timer)
      socket.destroy()
      resolve({
        port,
        configured,
        state,
        durationMs: elapsedSince(startedAt),
        ...(errorCode ? { errorCode } : {}),
      })
    }
    const timer = setTimeout(() => done('timeout'), timeoutMs)
    socket.once('connect', () => done('open'))
    socket.once('error', (error: NodeJS.ErrnoException) => {
      const code = error.code ?? 'UNKNOWN'
      if (code === 'ECONNREFUSED') return done('refused', code)
      done(UNREACHABLE.has(code) ? 'unreachable' : 'error', code)
    })
  })

/** The port to suggest when the configured one fails: the first well-known one that opens. */
const SUGGESTION_ORDER = [587, 465, 25]

/**
 * The configured port decides the verdict (open: ok, anything else: failed); the other ports
 * only add hints, such as a port the host blocks or a port that answers when the configured
 * one does not.
 */
export const judgePorts = (
  host: string,
  probes: PortProbe[],
  ms: number,
): { verdict: Verdict; hints: Hint[] } => {
  const configured = probes.find((p) => p.configured)
  const hints: Hint[] = []
  const configuredPort = configured?.port ?? 0
  if (configured && configured.state !== 'open') {
    const code = configured.errorCode ?? configured.state
    hints.push(
      configured.state === 'refused'
        ? hint('port_refused', { port: configuredPort, host })
        : configured.state === 'timeout'
          ? hint('port_timeout', { port: configuredPort, ms })
          : hint('port_unreachable', { port: configuredPort, host, code }),
    )
    const alternative = SUGGESTION_ORDER.map((port) =>
      probes.find((p) => p.port === port && !p.configured && p.state === 'open'),
    ).find(Boolean)
    if (alternative) {
      hints.push(
        hint('try_port', {
          port: alternative.port,
          secure: USUAL_SECURE_MODE[alternative.port] ?? 'starttls',
        }),
      )
    }
  }
  for (const probe of probes.filter((p) => !p.configured && p.state !== 'open')) {
    const values = { port: probe.port, configured: configuredPort }
    hints.push(
      probe.state === 'refused'
        ? hint('other_port_refused', values)
        : probe.state === 'timeout'
          ? hint('other_port_timeout', values)
          : hint('other_port_unreachable', { ...values, code: probe.errorCode ?? probe.state }),
    )
  }
  return { verdict: configured?.state === 'open' ? 'ok' : 'failed', hints }
}

/** Step `ports`: the configured port and the well-known SMTP ports, probed in parallel. */
export const checkPorts = async (options: {
  host: string
  port: number
  otherPorts: readonly number[]
  timeoutMs: number
}): Promise<StepOf<'ports'>> => {
  const startedAt = performance.now()
  const ports = [options.port, ...options.otherPorts.filter((p) => p !== options.port)]
  const probes = await Promise.all(
    ports.map((port) => probePort(options.host, port, options.timeoutMs, port === options.port)),
  )
  probes.sort((a, b) => a.port - b.port)
  return {
    id: 'ports',
    ...judgePorts(options.host, probes, options.timeoutMs),
    durationMs: elapsedSince(startedAt),
    details: { host: options.host, probes },
  }
}
