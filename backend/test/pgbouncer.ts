import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { freePort } from '../db/embedded.ts'

// Debian's PgBouncer (apt-get install pgbouncer; .ci/run installs it) in front of a test
// PostgreSQL server, configured as docs/deploying.md recommends for the web processes:
// transaction pooling, the startup `options` dropped (the database's own defaults apply,
// migration 0023). Clients are not authenticated here (auth_type any, on loopback): PgBouncer
// logs in to PostgreSQL with the server URL's user and password.

export type RunningPgBouncer = {
  /** The same URL as `serverUrl`, through PgBouncer. */
  urlFor: (serverUrl: string) => string
  port: number
  output: () => string
  stop: () => Promise<void>
}

const BINARY = ['/usr/sbin/pgbouncer', '/usr/bin/pgbouncer'].find((file) => existsSync(file))

export const startPgBouncer = async (
  serverUrl: string,
  options: { poolSize?: number } = {},
): Promise<RunningPgBouncer> => {
  if (!BINARY)
    throw new Error('PgBouncer is not installed: apt-get install pgbouncer (.ci/run does)')
  const server = new URL(serverUrl)
  const port = await freePort()
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rewardflow-pgbouncer-'))
  // PgBouncer refuses to run as root: it switches to `nobody`, who must read its file.
  await chmod(dir, 0o755)
  const ini = path.join(dir, 'pgbouncer.ini')
  const credentials = `user=${decodeURIComponent(server.username)} password=${decodeURIComponent(server.password)}`
  await writeFile(
    ini,
    [
      '[databases]',
      // Over TCP (the embedded server listens on 127.0.0.1 besides its socket folder).
      `* = host=${server.hostname === 'localhost' ? '127.0.0.1' : server.hostname} port=${server.port} ${credentials}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      'auth_type = any',
      'pool_mode = transaction',
      `default_pool_size = ${options.poolSize ?? 20}`,
      'max_client_conn = 500',
      'ignore_startup_parameters = options',
      '',
    ].join('\n'),
    { mode: 0o644 },
  )
  const asRoot = process.getuid?.() === 0
  const child = spawn(BINARY, [...(asRoot ? ['-u', 'nobody'] : []), ini], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const deadline = Date.now() + 10_000
  while (!output.includes('process up')) {
    if (child.exitCode !== null) throw new Error(`pgbouncer exited:\n${output}`)
    if (Date.now() > deadline) throw new Error(`pgbouncer did not start:\n${output}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return {
    port,
    urlFor: (url) => {
      const through = new URL(url)
      through.hostname = '127.0.0.1'
      through.port = String(port)
      through.searchParams.delete('host')
      return through.toString()
    },
    output: () => output,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve))
        child.kill('SIGTERM')
        await exited
      }
      await rm(dir, { recursive: true, force: true })
    },
  }
}
