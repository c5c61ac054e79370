import { randomBytes } from 'node:crypto'

/**
 * What backend/config.ts requires of NODE_ENV=production, for one benchmark run: its database,
 * and a SESSION_SECRET and EMAIL_SETTINGS_KEY of its own, random each run (nothing the run
 * signs or encrypts outlives it). React's server renderer and other libraries pick their
 * production builds from NODE_ENV, so the figures are production's. Never the demo data:
 * `openDemoDatabase` seeds it beforehand, outside the production process. The API key's rate
 * limit is raised out of the way (each request is still counted).
 */
export const benchProductionEnv = (databaseUrl: string) =>
  ({
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    SESSION_SECRET: randomBytes(32).toString('base64'),
    EMAIL_SETTINGS_KEY: randomBytes(32).toString('base64'),
    SEED_DEMO_DATA: 'false',
    // One API key carries the whole load (hundreds of requests a second): the key's limit would
    // refuse most of it. Raised, not removed: every request still pays for its count.
    RATE_LIMIT_API_PER_MINUTE: '10000000',
  }) satisfies Record<string, string>
