import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import os from 'node:os'

// CPU time of the processes in play, from /proc (Linux): where the two cores go during a phase.
// Elsewhere every figure is null and the benchmark runs without it.

export type CpuShare = {
  /** Percent of one core, over the sampled interval (200 = both cores of this machine). */
  bench: number | null
  server: number | null
  postgres: number | null
  /** Everything else on the machine (other jobs, kernel threads): noise in the figures. */
  others: number | null
  /** Percent of the whole machine that was busy (all cores, all processes). */
  machine: number | null
}

type Sample = {
  at: bigint
  bench: number
  server: number | null
  postgres: number | null
  machineBusy: number | null
  machineTotal: number | null
}

const cpuCount = os.cpus().length

const ticksPerSecond = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100
  } catch {
    return 100
  }
})()

type ProcStat = { pid: number; comm: string; ppid: number; own: number; children: number }

/** utime+stime and cutime+cstime of one process, in seconds; null when it is gone. */
const readProcStat = (pid: number): ProcStat | null => {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const open = text.indexOf('(')
    const close = text.lastIndexOf(')')
    const fields = text.slice(close + 2).split(' ')
    const field = (i: number) => Number(fields[i])
    return {
      pid,
      comm: text.slice(open + 1, close),
      ppid: field(1),
      own: (field(11) + field(12)) / ticksPerSecond,
      children: (field(13) + field(14)) / ticksPerSecond,
    }
  } catch {
    return null
  }
}

const allProcesses = (): ProcStat[] => {
  let entries: string[]
  try {
    entries = readdirSync('/proc')
  } catch {
    return []
  }
  return entries
    .filter((name) => /^\d+$/.test(name))
    .map((name) => readProcStat(Number(name)))
    .filter((p): p is ProcStat => p !== null)
}

/**
 * CPU seconds of a PostgreSQL server: the postmaster(s), their live children, and the children
 * already reaped (cutime). `postmasterPid` null = every PostgreSQL on this host.
 */
const postgresSeconds = (postmasterPid: number | null): number | null => {
  const processes = allProcesses()
  if (processes.length === 0) return null
  const byPid = new Map(processes.map((p) => [p.pid, p]))
  const roots =
    postmasterPid !== null
      ? processes.filter((p) => p.pid === postmasterPid)
      : processes.filter((p) => p.comm === 'postgres' && byPid.get(p.ppid)?.comm !== 'postgres')
  if (roots.length === 0) return null
  const rootPids = new Set(roots.map((p) => p.pid))
  const children = processes.filter((p) => rootPids.has(p.ppid))
  return roots.reduce((s, p) => s + p.own + p.children, 0) + children.reduce((s, p) => s + p.own, 0)
}

const machineTicks = (): { busy: number; total: number } | null => {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!
    const values = line.trim().split(/\s+/).slice(1).map(Number)
    const total = values.slice(0, 8).reduce((s, v) => s + v, 0)
    const idle = (values[3] ?? 0) + (values[4] ?? 0)
    return { busy: total - idle, total }
  } catch {
    return null
  }
}

/** Samples CPU time of this process, the server child and PostgreSQL, for `share()`. */
export const cpuSampler = (targets: {
  serverPid: () => number | null
  postmasterPid: () => number | null
}) => {
  const take = (): Sample => {
    const usage = process.cpuUsage()
    const serverPid = targets.serverPid()
    const server = serverPid === null ? null : readProcStat(serverPid)
    const machine = machineTicks()
    return {
      at: process.hrtime.bigint(),
      bench: (usage.user + usage.system) / 1e6,
      server: server ? server.own + server.children : null,
      postgres: postgresSeconds(targets.postmasterPid()),
      machineBusy: machine?.busy ?? null,
      machineTotal: machine?.total ?? null,
    }
  }
  const share = (from: Sample, to: Sample): CpuShare => {
    const seconds = Number(to.at - from.at) / 1e9
    const percent = (a: number | null, b: number | null) =>
      a === null || b === null || seconds <= 0 ? null : Math.round(((b - a) / seconds) * 1000) / 10
    const machine =
      from.machineBusy === null ||
      to.machineBusy === null ||
      from.machineTotal === null ||
      to.machineTotal === null ||
      to.machineTotal === from.machineTotal
        ? null
        : Math.round(
            ((to.machineBusy - from.machineBusy) / (to.machineTotal - from.machineTotal)) * 1000,
          ) / 10
    const bench = percent(from.bench, to.bench)
    const server = percent(from.server, to.server)
    const postgres = percent(from.postgres, to.postgres)
    const others =
      machine === null || bench === null
        ? null
        : Math.max(
            0,
            Math.round((machine * cpuCount - bench - (server ?? 0) - (postgres ?? 0)) * 10) / 10,
          )
    return { bench, server, postgres, others, machine }
  }
  return { take, share }
}

export type CpuSampler = ReturnType<typeof cpuSampler>
export type CpuSample = Sample
