import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createCrashLog } from './crash-log.ts'

describe('createCrashLog', () => {
  let dir: string
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'rewardflow-crash-'))
  })
  afterEach(() => rm(dir, { recursive: true, force: true }))

  it('writes one JSON line per event with the error’s message and stack', async () => {
    const log = createCrashLog(dir, { now: () => new Date('2026-11-21T09:00:00Z') })
    log.write('uncaughtException', new TypeError('boom'))
    log.write('render-process-gone', 'crashed', { exitCode: 139 })
    const lines = (await readFile(log.file, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
    expect(lines[0]).toMatchObject({
      at: '2026-11-21T09:00:00.000Z',
      kind: 'uncaughtException',
      name: 'TypeError',
      message: 'boom',
    })
    expect(lines[0].stack).toContain('boom')
    expect(lines[1]).toMatchObject({
      kind: 'render-process-gone',
      message: 'crashed',
      exitCode: 139,
    })
  })

  it('keeps the file small by moving it aside', async () => {
    const log = createCrashLog(dir, { maxBytes: 200 })
    for (let i = 0; i < 10; i += 1) log.write('unhandledRejection', new Error(`n${i}`))
    const current = await readFile(log.file, 'utf8')
    const previous = await readFile(`${log.file}.1`, 'utf8')
    expect(current.length).toBeLessThan(2_000)
    expect(previous).toContain('unhandledRejection')
    expect(current).toContain('n9')
  })

  it('never throws when the folder cannot be written', async () => {
    await writeFile(path.join(dir, 'a-file'), '')
    const log = createCrashLog(path.join(dir, 'a-file', 'logs'))
    expect(() => log.write('x', new Error('y'))).not.toThrow()
  })
})
