import { existsSync } from 'node:fs'
import path from 'node:path'
import { z } from 'zod'

export const PROCESS_ROLES = ['web', 'worker'] as const
export type ProcessRole = (typeof PROCESS_ROLES)[number]

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const

export const SMTP_SECURE_MODES = ['tls', 'starttls', 'none'] as const
export type SmtpSecure = (typeof SMTP_SECURE_MODES)[number]
export const SMTP_AUTH_METHODS = ['auto', 'PLAIN', 'LOGIN'] as const
export type SmtpAuthMethod = (typeof SMTP_AUTH_METHODS)[number]

/** 32 bytes, written as 64 hex digits or 44 base64 characters. */
const encryptionKey = z
  .string()
  .refine(
    (v) =>
      /^[0-9a-fA-F]{64}$/.test(v) ||
      (/^[A-Za-z0-9+/]{43}=$/.test(v) && Buffer.from(v, 'base64').length === 32),
    'must be 32 bytes as 64 hex digits or 44 base64 characters (openssl rand -base64 32)',
  )

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes')

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('./.data'),
  /** The demo kiosk web host npm start runs next to the demo data (0: none). */
  KIOSK_WEB_PORT: z.coerce.number().int().min(0).max(65535).default(3100),
  DATABASE_URL: z.string().url().optional(),
  DATABASE_DIRECT_URL: z.string().url().optional(),
  DATABASE_POOL_MAX: z.coerce.number().int().positive().default(10),
  DATABASE_READ_URL: z.string().url().optional(),
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
  /** Seconds a stopping web process answers /readyz 503 while still serving (0 in development). */
  SHUTDOWN_DRAIN_SECONDS: z.coerce.number().min(0).max(15).optional(),
  WORKER_HTTP_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  WORKER_DEAD_AFTER_SECONDS: z.coerce.number().int().min(2).default(60),
  SEED_DEMO_DATA: booleanFlag.default(true),
  TRUST_PROXY: booleanFlag.default(false),
  HOST_ROUTING: booleanFlag.default(false),
  GIT_COMMIT: z.string().optional(),
  SESSION_SECRET: z.string().min(32).optional(),
  SESSION_CUSTOMER_IDLE_MINUTES: z.coerce.number().int().positive().default(10_080),
  SESSION_CUSTOMER_MAX_DAYS: z.coerce.number().int().positive().default(30),
  SESSION_STAFF_IDLE_MINUTES: z.coerce.number().int().positive().default(30),
  SESSION_STAFF_MAX_HOURS: z.coerce.number().int().positive().default(12),
  PASSWORD_HASH_COST: z.coerce.number().int().min(10).max(15).default(11),
  SMTP_HOST: z.string().optional(),
  SMTP_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  SMTP_SECURE: z.enum(SMTP_SECURE_MODES).optional(),
  SMTP_USER: z.string().optional(),
  SMTP_PASS: z.string().optional(),
  SMTP_AUTH_METHOD: z
    .string()
    .transform((v) => (v.toLowerCase() === 'auto' ? 'auto' : v.toUpperCase()))
    .pipe(z.enum(SMTP_AUTH_METHODS))
    .optional(),
  SMTP_TLS_VERIFY: booleanFlag.optional(),
  EMAIL_FROM: z.string().optional(),
  EMAIL_SETTINGS_KEY: encryptionKey.optional(),
  RATE_LIMIT_JOINS_PER_IP: z.coerce.number().int().positive().default(20),
  RATE_LIMIT_LOGINS_PER_IP: z.coerce.number().int().positive().default(30),
  RATE_LIMIT_API_PER_MINUTE: z.coerce.number().int().positive().default(600),
  APNS_BASE_URL: z.string().url().optional(),
  APNS_KEY_ID: z.string().optional(),
  APNS_TEAM_ID: z.string().optional(),
  APNS_AUTH_KEY_FILE: z.string().optional(),
  GOOGLE_WALLET_TOKEN_URL: z.string().url().default('https://oauth2.googleapis.com/token'),
  GOOGLE_WALLET_API_URL: z
    .string()
    .url()
    .default('https://walletobjects.googleapis.com/walletobjects/v1'),
  GOOGLE_WALLET_SAVE_URL: z.string().url().default('https://pay.google.com/gp/v/save/'),
  GOOGLE_WALLET_STAND_IN: booleanFlag.optional(),
  GOOGLE_WALLET_RATE_PER_SECOND: z.coerce.number().int().positive().default(20),
  WEBHOOKS_ALLOW_PRIVATE: booleanFlag.default(false),
})

export type Config = {
  env: 'development' | 'production' | 'test'
  port: number
  host: string
  dataDir: string
  databaseUrl: string | undefined
  /**
   * A connection to PostgreSQL itself, not through a pooler in transaction mode: migrations
   * hold a session lock on it and the job worker LISTENs on it. Default: databaseUrl.
   */
  databaseDirectUrl: string | undefined
  databasePoolMax: number
  /**
   * A read replica for heavy reads that tolerate replication lag (exports, analytics); see
   * `readDatabase` in db/read-replica.ts. Unset: those reads go to the primary.
   */
  databaseReadUrl: string | undefined
  baseUrl: string
  logLevel: (typeof LOG_LEVELS)[number]
  roles: ProcessRole[]
  workerConcurrency: number
  /**
   * On SIGTERM a web process first answers /readyz with 503 for this long, still serving every
   * request, so the load balancer stops sending it new ones; then it closes its port and lets
   * the requests in flight finish. 5 s in production by default, 0 otherwise.
   */
  shutdownDrainSeconds: number
  /** The worker role's /healthz and /metrics port (on HOST); unset: none. */
  workerHttpPort: number | undefined
  /** A worker process silent this long is declared dead and its locked jobs run again. */
  workerDeadAfterSeconds: number
  seedDemoData: boolean
  /** Port of the demo kiosk web host started with the demo data; 0 for none. */
  kioskWebPort: number
  /** Honour X-Forwarded-Host / X-Forwarded-Proto (only behind a proxy that sets them). */
  trustProxy: boolean
  /** Outbound store URLs use custom domains and platform subdomains instead of /s/<code>. */
  hostRouting: boolean
  gitCommit: string | undefined
  /** Web sessions; staff = merchant users and platform admins. */
  sessions: {
    /** Signs anonymous CSRF cookies; when unset, a key generated once and kept in the database. */
    secret: string | undefined
    customerIdleMinutes: number
    customerMaxDays: number
    staffIdleMinutes: number
    staffMaxHours: number
  }
  /** bcrypt cost of web passwords (10–15). */
  passwordHashCost: number
  /**
   * SMTP from the environment; each value the admin may override in the database, and every
   * unset one has a default (backend/email/smtp-config.ts computes the effective settings).
   * No host anywhere: RewardFlow's own local mailbox receives every email (the embedded default).
   */
  smtp: {
    host: string | undefined
    port: number | undefined
    secure: SmtpSecure | undefined
    user: string | undefined
    pass: string | undefined
    authMethod: SmtpAuthMethod | undefined
    /** Check the server's TLS certificate (default true). */
    tlsVerify: boolean | undefined
    /** The From of every email, e.g. `RewardFlow <no-reply@rewardflow.lu>`. */
    from: string | undefined
  }
  /**
   * Encrypts the SMTP password the admin stores in the database (AES-256-GCM). Required in
   * production. Unset (development): a key generated once in DATA_DIR/email-settings.key.
   */
  emailSettingsKey: string | undefined
  /**
   * Apple Wallet's pushes (backend/wallet/apple/apns-client.ts). `apnsBaseUrl` unset: Apple's
   * production APNs (https://api.push.apple.com), except under `npm start` in development, which
   * runs a local stand-in. Token auth when the key id, team id and .p8 key file are all set,
   * else the Pass Type ID certificate itself. `apnsCa`: an extra CA to trust (the stand-in's).
   */
  apple: {
    apnsBaseUrl: string | undefined
    apnsKeyId: string | undefined
    apnsTeamId: string | undefined
    apnsAuthKeyFile: string | undefined
    apnsCa?: string | undefined
  }
  /** Request limits shared by every process (backend/security/request-limits.ts). */
  rateLimits: {
    /** Storefront joins from one IP address in any 10 minutes (each join sends an email). */
    joinsPerIp: number
    /** Sign-in attempts per client IP per 15 minutes (an office behind one address may need more). */
    loginsPerIp: number
    /** JSON API requests of one API key in any minute. */
    apiKeyPerMinute: number
  }
  /**
   * Google Wallet's endpoints (Google's by default). `standIn`: npm start runs a local Google
   * Wallet (backend/wallet/google/stand-in) and a demo service account instead — the default
   * outside production when no URL is set.
   */
  googleWallet: {
    tokenUrl: string
    apiUrl: string
    saveUrl: string
    standIn: boolean
    /** Requests per second per issuer, across every worker process (Google's quota: 20). */
    ratePerSecond: number
  }
  webhooks: {
    /**
     * Deliver to private, loopback, link-local, unique-local, multicast and unspecified
     * addresses too (tests, a receiver on the same network). Off by default: SSRF.
     */
    allowPrivate: boolean
  }
}

/**
 * What production may not run without, each line naming its variable: its own PostgreSQL (no
 * silent embedded database in a container's scratch folder), the two keys every process must
 * share (a CSRF cookie signed by one web process is checked by another; an SMTP password
 * encrypted on one host is decrypted on every host), and never the demo data.
 */
const productionRefusals = (e: z.infer<typeof EnvSchema>, seedAskedFor: boolean): string[] => {
  const refused: string[] = []
  if (!e.DATABASE_URL)
    refused.push(
      '  DATABASE_URL: required (the embedded PostgreSQL is for development and demos only)',
    )
  if (!e.SESSION_SECRET)
    refused.push('  SESSION_SECRET: required, at least 32 characters (openssl rand -base64 32)')
  if (!e.EMAIL_SETTINGS_KEY)
    refused.push(
      '  EMAIL_SETTINGS_KEY: required, the same on every host (openssl rand -base64 32); it decrypts the SMTP password saved in the database',
    )
  if (seedAskedFor)
    refused.push(
      '  SEED_DEMO_DATA: the demo data (published passwords) is never seeded in production',
    )
  return refused
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
  if (e.NODE_ENV === 'production') {
    const refused = productionRefusals(
      e,
      blankAsUnset.SEED_DEMO_DATA !== undefined && e.SEED_DEMO_DATA,
    )
    if (refused.length > 0)
      throw new Error(`Invalid configuration for NODE_ENV=production:\n${refused.join('\n')}`)
  }
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    databaseDirectUrl: e.DATABASE_DIRECT_URL ?? e.DATABASE_URL,
    databasePoolMax: e.DATABASE_POOL_MAX,
    databaseReadUrl: e.DATABASE_READ_URL,
    baseUrl: (e.BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    logLevel: e.LOG_LEVEL,
    roles: e.PROCESS_ROLES,
    workerConcurrency: e.WORKER_CONCURRENCY,
    shutdownDrainSeconds: e.SHUTDOWN_DRAIN_SECONDS ?? (e.NODE_ENV === 'production' ? 5 : 0),
    workerHttpPort: e.WORKER_HTTP_PORT,
    workerDeadAfterSeconds: e.WORKER_DEAD_AFTER_SECONDS,
    // Never in production: the demo logins' passwords are published (README).
    seedDemoData: e.NODE_ENV === 'production' ? false : e.SEED_DEMO_DATA,
    kioskWebPort: e.KIOSK_WEB_PORT,
    trustProxy: e.TRUST_PROXY,
    hostRouting: e.HOST_ROUTING,
    gitCommit: e.GIT_COMMIT,
    sessions: {
      secret: e.SESSION_SECRET,
      customerIdleMinutes: e.SESSION_CUSTOMER_IDLE_MINUTES,
      customerMaxDays: e.SESSION_CUSTOMER_MAX_DAYS,
      staffIdleMinutes: e.SESSION_STAFF_IDLE_MINUTES,
      staffMaxHours: e.SESSION_STAFF_MAX_HOURS,
    },
    passwordHashCost: e.PASSWORD_HASH_COST,
    smtp: {
      host: e.SMTP_HOST,
      port: e.SMTP_PORT,
      secure: e.SMTP_SECURE,
      user: e.SMTP_USER,
      pass: e.SMTP_PASS,
      authMethod: e.SMTP_AUTH_METHOD,
      tlsVerify: e.SMTP_TLS_VERIFY,
      from: e.EMAIL_FROM,
    },
    emailSettingsKey: e.EMAIL_SETTINGS_KEY,
    apple: {
      apnsBaseUrl: e.APNS_BASE_URL?.replace(/\/$/, ''),
      apnsKeyId: e.APNS_KEY_ID,
      apnsTeamId: e.APNS_TEAM_ID,
      apnsAuthKeyFile: e.APNS_AUTH_KEY_FILE,
    },
    rateLimits: {
      joinsPerIp: e.RATE_LIMIT_JOINS_PER_IP,
      loginsPerIp: e.RATE_LIMIT_LOGINS_PER_IP,
      apiKeyPerMinute: e.RATE_LIMIT_API_PER_MINUTE,
    },
    googleWallet: {
      tokenUrl: e.GOOGLE_WALLET_TOKEN_URL,
      apiUrl: e.GOOGLE_WALLET_API_URL.replace(/\/$/, ''),
      saveUrl: e.GOOGLE_WALLET_SAVE_URL,
      standIn:
        e.GOOGLE_WALLET_STAND_IN ??
        (e.NODE_ENV !== 'production' &&
          !['GOOGLE_WALLET_TOKEN_URL', 'GOOGLE_WALLET_API_URL', 'GOOGLE_WALLET_SAVE_URL'].some(
            (name) => blankAsUnset[name] !== undefined,
          )),
      ratePerSecond: e.GOOGLE_WALLET_RATE_PER_SECOND,
    },
    webhooks: { allowPrivate: e.WEBHOOKS_ALLOW_PRIVATE },
  }
}
