import { existsSync } from 'node:fs'
import path from 'node:path'
import { z } from 'zod'

export const PROCESS_ROLES = ['web', 'worker'] as const
export type ProcessRole = (typeof PROCESS_ROLES)[number]

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes')

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('./.data'),
  DATABASE_URL: z.string().url().optional(),
  DATABASE_POOL_MAX: z.coerce.number().int().positive().default(10),
  BASE_URL: z.string().url().optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  PROCESS_ROLES: z
    .string()
    .default('web,worker')
    .transform((value, ctx) => {
      const roles = value
        .split(',')
        .map((r) => r.trim())
        .filter(Boolean)
      const unknown = roles.filter((r) => !(PROCESS_ROLES as readonly string[]).includes(r))
      if (unknown.length > 0 || roles.length === 0) {
        ctx.addIssue({ code: 'custom', message: `unknown role(s): ${unknown.join(', ')}` })
        return z.NEVER
      }
      return [...new Set(roles)] as ProcessRole[]
    }),
  WORKER_CONCURRENCY: z.coerce.number().int().positive().default(4),
  SEED_DEMO_DATA: booleanFlag.default(true),
  GIT_COMMIT: z.string().optional(),
})

export type Config = {
  env: 'development' | 'production' | 'test'
  port: number
  host: string
  dataDir: string
  databaseUrl: string | undefined
  databasePoolMax: number
  baseUrl: string
  logLevel: (typeof LOG_LEVELS)[number]
  roles: ProcessRole[]
  workerConcurrency: number
  seedDemoData: boolean
  gitCommit: string | undefined
}

/** Reads `.env` (when present) into process.env without overriding variables already set. */
export const loadDotEnv = (file = '.env') => {
  if (existsSync(file)) process.loadEnvFile(file)
}

/** The process configuration, from the environment; throws one readable error listing every bad variable. */
export const loadConfig = (env: NodeJS.ProcessEnv = process.env): Config => {
  const blankAsUnset = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''))
  const parsed = EnvSchema.safeParse(blankAsUnset)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`)
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`)
  }
  const e = parsed.data
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    databasePoolMax: e.DATABASE_POOL_MAX,
    baseUrl: (e.BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    logLevel: e.LOG_LEVEL,
    roles: e.PROCESS_ROLES,
    workerConcurrency: e.WORKER_CONCURRENCY,
    seedDemoData: e.SEED_DEMO_DATA,
    gitCommit: e.GIT_COMMIT,
  }
}
