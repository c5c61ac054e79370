import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import { expect, vi } from 'vitest'

// Test support: a serial scanner's cable as a pair of connected pseudo-terminals made by socat.
// The scanner opens `<dir>/scanner`; the test plays the scanner hardware by writing to the
// other end. Killing socat is pulling the USB cable.

export const hasSocat = spawnSync('socat', ['-V']).status === 0

export type Cable = { socat: ChildProcess; host: number; scannerPath: string }

export const plugIn = async (dir: string): Promise<Cable> => {
  const socat = spawn(
    'socat',
    ['-d', '-d', `pty,raw,echo=0,link=${dir}/scanner`, `pty,raw,echo=0,link=${dir}/host`],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  )
  let log = ''
  socat.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()))
  await vi.waitFor(
    () => {
      if (socat.exitCode !== null) throw new Error(`socat exited: ${log}`)
      expect(fs.existsSync(`${dir}/scanner`) && fs.existsSync(`${dir}/host`)).toBe(true)
    },
    { timeout: 10_000, interval: 20 },
  )
  // Held open for the cable's life: socat ends when the last reader of a side goes away.
  return { socat, host: fs.openSync(`${dir}/host`, 'r+'), scannerPath: `${dir}/scanner` }
}

export const unplug = async (cable: Cable) => {
  if (cable.socat.exitCode === null && cable.socat.signalCode === null) {
    const exited = new Promise((resolve) => cable.socat.once('exit', resolve))
    cable.socat.kill('SIGTERM')
    await exited
  }
  fs.closeSync(cable.host)
}

/** The scanner hardware sends these bytes down the cable. */
export const send = (cable: Cable, bytes: string) => {
  fs.writeSync(cable.host, Buffer.from(bytes, 'latin1'))
}
