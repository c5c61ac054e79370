import { spawn } from 'node:child_process'

// npm run checks — runs the given npm scripts at the same time (lint, format check and type
// check use one core each for most of their run; side by side they finish in the time of the
// longest instead of the sum). Each script's output is printed whole when it ends, so two
// scripts never interleave their lines; the exit code is 1 when any of them failed.

type Outcome = { script: string; code: number; seconds: number; output: string }

const run = (script: string): Promise<Outcome> =>
  new Promise((resolve) => {
    const started = performance.now()
    const child = spawn('npm', ['run', '--silent', script], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? '0' },
    })
    const chunks: Buffer[] = []
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk))
    child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk))
    child.on('close', (code, signal) => {
      const seconds = (performance.now() - started) / 1000
      resolve({
        script,
        code: code ?? (signal ? 1 : 0),
        seconds,
        output: Buffer.concat(chunks).toString('utf8'),
      })
    })
  })

const scripts = process.argv.slice(2)
if (scripts.length === 0) {
  console.error('usage: tsx backend/cli/run-scripts-together.ts <npm script>…')
  process.exit(2)
}

const outcomes = await Promise.all(
  scripts.map((script) =>
    run(script).then((outcome) => {
      const verdict = outcome.code === 0 ? 'passed' : `FAILED (exit ${outcome.code})`
      process.stdout.write(`\n> ${script}: ${verdict} in ${outcome.seconds.toFixed(1)} s\n`)
      if (outcome.output.trim()) process.stdout.write(outcome.output.trimEnd() + '\n')
      return outcome
    }),
  ),
)
const failed = outcomes.filter((outcome) => outcome.code !== 0).map((outcome) => outcome.script)
if (failed.length > 0) {
  console.error(`\nFailed: ${failed.join(', ')}`)
  process.exitCode = 1
}
