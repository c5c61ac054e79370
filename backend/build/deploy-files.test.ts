import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { Ajv } from 'ajv'
import { load } from 'js-yaml'
import { describe, expect, it } from 'vitest'

// Docker does not run on the build machines: the image and the compose file are checked here
// by reading them (the compose file against the Compose Specification's JSON schema).

const ROOT = path.resolve(import.meta.dirname, '..', '..')
const read = (...parts: string[]) => readFileSync(path.join(ROOT, ...parts), 'utf8')

type Instruction = { keyword: string; args: string; stage: number }

/** Dockerfile instructions: comments and blank lines dropped, `\` continuations joined. */
const parseDockerfile = (text: string): Instruction[] => {
  const logical: string[] = []
  let current = ''
  for (const line of text.split('\n')) {
    if (/^\s*#/.test(line) && current === '') continue
    if (/^\s*#/.test(line)) continue // a comment inside a continued instruction
    const continued = /\\\s*$/.test(line)
    current += `${line.replace(/\\\s*$/, '')} `
    if (!continued) {
      if (current.trim()) logical.push(current.trim().replace(/\s+/g, ' '))
      current = ''
    }
  }
  let stage = -1
  return logical.map((instruction) => {
    const [keyword = '', ...rest] = instruction.split(' ')
    if (keyword.toUpperCase() === 'FROM') stage += 1
    return { keyword: keyword.toUpperCase(), args: rest.join(' '), stage }
  })
}

/** The JSON array of an exec-form instruction (CMD ["node", …]). */
const execForm = (args: string): string[] => {
  const json = args.replace(/^(--[\w-]+=\S+\s+)*/, '').replace(/^CMD\s+/, '')
  const parsed = JSON.parse(json) as unknown
  expect(Array.isArray(parsed), args).toBe(true)
  return parsed as string[]
}

describe('Dockerfile', () => {
  const instructions = parseDockerfile(read('Dockerfile'))
  const stages = instructions.filter((i) => i.keyword === 'FROM')
  const last = stages.length - 1
  const final = instructions.filter((i) => i.stage === last)
  const finalOf = (keyword: string) => final.filter((i) => i.keyword === keyword)

  it('builds in one stage and runs from a slim Node 20 image with production dependencies only', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2)
    expect(stages[0]!.args).toMatch(/^node:20[\w.-]*slim\S* AS build$/i)
    expect(stages[last]!.args).toMatch(/^node:20[\w.-]*slim/)
    const buildRuns = instructions.filter((i) => i.stage === 0 && i.keyword === 'RUN')
    expect(buildRuns.map((i) => i.args)).toContain('npm run build')
    const runs = finalOf('RUN').map((i) => i.args)
    expect(runs.some((r) => /npm ci --omit=dev\b.*--ignore-scripts/.test(r))).toBe(true)
    expect(finalOf('COPY').map((i) => i.args)).toContain('--from=build /src/dist ./dist')
    // The sources never reach the runtime image.
    expect(finalOf('COPY').some((i) => /^\.\s/.test(i.args))).toBe(false)
  })

  it('runs as an unprivileged user behind tini, the production start as its command', () => {
    const users = finalOf('USER')
    expect(users).toHaveLength(1)
    expect(users[0]!.args).not.toMatch(/^(root|0)(:|$)/)
    const user = final.indexOf(users[0]!)
    expect(final.findIndex((i) => i.keyword === 'CMD')).toBeGreaterThan(user)
    expect(finalOf('RUN').some((i) => /apt-get install[^&]*\btini\b/.test(i.args))).toBe(true)
    expect(execForm(finalOf('ENTRYPOINT')[0]!.args)).toEqual(['/usr/bin/tini', '--'])
    const cmd = execForm(finalOf('CMD')[0]!.args)
    const pkg = JSON.parse(read('package.json')) as { scripts: Record<string, string> }
    expect(cmd.join(' ')).toBe(pkg.scripts['start:prod'])
    expect(finalOf('EXPOSE')[0]!.args.split(' ')).toEqual(expect.arrayContaining(['3000', '9100']))
  })

  it('checks its health with node (no curl) through a script the build ships', () => {
    const healthcheck = finalOf('HEALTHCHECK')
    expect(healthcheck).toHaveLength(1)
    const command = execForm(healthcheck[0]!.args.replace(/^.*?CMD\s+/, ''))
    expect(command).toEqual(['node', 'dist/backend/cli/healthcheck.js'])
    expect(existsSync(path.join(ROOT, 'backend', 'cli', 'healthcheck.ts'))).toBe(true)
  })

  it('sets no secret in ENV or ARG', () => {
    const declared = instructions
      .filter((i) => i.keyword === 'ENV' || i.keyword === 'ARG')
      .flatMap((i) => [...i.args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=/g)].map((m) => m[1]!))
    expect(declared.length).toBeGreaterThan(0)
    for (const name of declared) expect(name).not.toMatch(/SECRET|PASS|KEY|TOKEN|DATABASE_URL/)
  })

  it('.dockerignore keeps local state, secrets and installs out of the build context', () => {
    const ignored = read('.dockerignore').split('\n')
    for (const entry of ['.git', 'node_modules', 'dist', '.data', '.env'])
      expect(ignored).toContain(entry)
  })
})

describe('compose.yaml', () => {
  const compose = load(read('compose.yaml')) as {
    services: Record<string, Record<string, unknown>>
    volumes: Record<string, unknown>
  }
  const services = compose.services
  const env = (name: string) => services[name]!.environment as Record<string, string | number>

  it('is valid against the Compose Specification schema', () => {
    const schema = JSON.parse(read('deploy', 'schema', 'compose-spec.json')) as Record<
      string,
      unknown
    >
    delete schema.$schema
    const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false })
    const validate = ajv.compile(schema)
    expect(validate(compose), JSON.stringify(validate.errors, null, 2)).toBe(true)
    // The schema does catch mistakes.
    expect(validate({ services: { web: { image: 'x', depends_on: { db: { when: 1 } } } } })).toBe(
      false,
    )
  })

  it('runs PostgreSQL 17 on a volume with a health check, and migrates once before the app', () => {
    expect(services.db!.image).toBe('postgres:17')
    expect(services.db!.volumes).toEqual(['pgdata:/var/lib/postgresql/data'])
    expect(compose.volumes).toHaveProperty('pgdata')
    expect(services.db!.healthcheck).toMatchObject({ test: expect.arrayContaining(['CMD-SHELL']) })
    expect(services.migrate!.command).toEqual(['node', 'dist/backend/cli/migrate.js'])
    expect(services.migrate!.restart).toBe('no')
    expect(services.migrate!.depends_on).toEqual({ db: { condition: 'service_healthy' } })
  })

  it('runs two web and two worker processes after a successful migration', () => {
    const roles = Object.entries(services)
      .filter(([, service]) => (service.environment as Record<string, string>)?.PROCESS_ROLES)
      .map(([name]) => [name, env(name).PROCESS_ROLES] as const)
    expect(roles).toEqual([
      ['web-1', 'web'],
      ['web-2', 'web'],
      ['worker-1', 'worker'],
      ['worker-2', 'worker'],
    ])
    for (const [name] of roles) {
      expect(services[name]!.depends_on).toMatchObject({
        migrate: { condition: 'service_completed_successfully' },
      })
      expect(env(name)).toMatchObject({ NODE_ENV: 'production' })
      for (const required of ['DATABASE_URL', 'SESSION_SECRET', 'EMAIL_SETTINGS_KEY'])
        expect(String(env(name)[required]), `${name} ${required}`).toMatch(/\$\{[A-Z_]+:\?/)
    }
    expect(env('worker-1').WORKER_HTTP_PORT).toBe(9100)
  })

  it('passes the app only variables .env.example documents', () => {
    const documented = new Set(
      [...read('.env.example').matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]!),
    )
    for (const service of ['web-1', 'worker-1'])
      for (const name of Object.keys(env(service))) expect(documented, name).toContain(name)
  })

  it('puts Caddy with on-demand TLS behind a profile, asking RewardFlow and hiding /internal', () => {
    expect(services.caddy).toMatchObject({ image: 'caddy:2', profiles: ['tls'] })
    const caddyfile = read('deploy', 'caddy', 'Caddyfile')
    expect(caddyfile).toMatch(/on_demand_tls\s*\{\s*ask http:\/\/web:3000\/internal\/tls-allowed/)
    expect(caddyfile).toMatch(/tls\s*\{\s*on_demand\s*\}/)
    expect(caddyfile).toMatch(/@private path \/internal\/\* \/metrics\s+respond @private 404/)
    expect(caddyfile).toMatch(/reverse_proxy web-1:3000 web-2:3000/)
    // "web" is the alias both web processes answer to.
    for (const name of ['web-1', 'web-2'])
      expect(services[name]!.networks).toEqual({ default: { aliases: ['web'] } })
  })
})
