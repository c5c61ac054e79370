import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadConfig } from './config.ts'

describe('configuration', () => {
  it('has embedded defaults', () => {
    const config = loadConfig({})
    expect(config).toMatchObject({
      port: 3000,
      dataDir: path.resolve('./.data'),
      databaseUrl: undefined,
      baseUrl: 'http://localhost:3000',
      logLevel: 'info',
      roles: ['web', 'worker'],
      trustProxy: false,
      hostRouting: false,
    })
  })

  it('reads the documented variables', () => {
    const config = loadConfig({
      PORT: '8080',
      DATA_DIR: '/var/lib/rewardflow',
      DATABASE_URL: 'postgres://u:p@db:5432/rewardflow',
      BASE_URL: 'https://rewardflow.lu/',
      LOG_LEVEL: 'debug',
      PROCESS_ROLES: 'worker',
      TRUST_PROXY: 'true',
      HOST_ROUTING: '1',
    })
    expect(config).toMatchObject({
      port: 8080,
      dataDir: '/var/lib/rewardflow',
      databaseUrl: 'postgres://u:p@db:5432/rewardflow',
      baseUrl: 'https://rewardflow.lu',
      logLevel: 'debug',
      roles: ['worker'],
      trustProxy: true,
      hostRouting: true,
    })
  })

  it('reads the SMTP variables, none of which is required', () => {
    expect(loadConfig({}).smtp).toEqual({
      host: undefined,
      port: undefined,
      secure: undefined,
      user: undefined,
      pass: undefined,
      authMethod: undefined,
      tlsVerify: undefined,
      from: undefined,
    })
    const config = loadConfig({
      SMTP_HOST: 'smtp.provider.lu',
      SMTP_PORT: '465',
      SMTP_SECURE: 'tls',
      SMTP_USER: 'apikey',
      SMTP_PASS: 's3cret',
      SMTP_AUTH_METHOD: 'login',
      SMTP_TLS_VERIFY: 'false',
      EMAIL_FROM: 'RewardFlow <no-reply@rewardflow.lu>',
      EMAIL_SETTINGS_KEY: 'ab'.repeat(32),
    })
    expect(config.smtp).toEqual({
      host: 'smtp.provider.lu',
      port: 465,
      secure: 'tls',
      user: 'apikey',
      pass: 's3cret',
      authMethod: 'LOGIN',
      tlsVerify: false,
      from: 'RewardFlow <no-reply@rewardflow.lu>',
    })
    expect(config.emailSettingsKey).toBe('ab'.repeat(32))
  })

  it('names every invalid variable in one error', () => {
    expect(() =>
      loadConfig({ PORT: 'eighty', PROCESS_ROLES: 'web,mailer', LOG_LEVEL: 'loud' }),
    ).toThrow(/PORT[\s\S]*LOG_LEVEL[\s\S]*PROCESS_ROLES|PORT[\s\S]*PROCESS_ROLES/)
  })

  describe('with NODE_ENV=production', () => {
    const production = {
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://u:p@db:5432/rewardflow',
      SESSION_SECRET: 's'.repeat(32),
      EMAIL_SETTINGS_KEY: 'ab'.repeat(32),
    }
    const refusal = (env: NodeJS.ProcessEnv) => {
      try {
        loadConfig(env)
      } catch (error) {
        return (error as Error).message
      }
      throw new Error('the configuration was accepted')
    }

    it('starts with its database and both shared keys, and never seeds the demo data', () => {
      const config = loadConfig(production)
      expect(config).toMatchObject({
        env: 'production',
        databaseUrl: production.DATABASE_URL,
        emailSettingsKey: production.EMAIL_SETTINGS_KEY,
        seedDemoData: false,
      })
      expect(config.sessions.secret).toBe(production.SESSION_SECRET)
      // The development default stays: npm start seeds.
      expect(loadConfig({}).seedDemoData).toBe(true)
    })

    it.each(['DATABASE_URL', 'SESSION_SECRET', 'EMAIL_SETTINGS_KEY'])(
      'refuses to start without %s, naming it',
      (name) => {
        const message = refusal({ ...production, [name]: '' })
        expect(message).toContain('NODE_ENV=production')
        expect(message).toMatch(new RegExp(`^  ${name}: required`, 'm'))
        for (const other of ['DATABASE_URL', 'SESSION_SECRET', 'EMAIL_SETTINGS_KEY'])
          if (other !== name) expect(message).not.toContain(other)
      },
    )

    it('names every missing variable at once', () => {
      const message = refusal({ NODE_ENV: 'production' })
      for (const name of ['DATABASE_URL', 'SESSION_SECRET', 'EMAIL_SETTINGS_KEY'])
        expect(message).toMatch(new RegExp(`^  ${name}: required`, 'm'))
    })

    it('refuses SEED_DEMO_DATA=true rather than seeding published passwords', () => {
      expect(refusal({ ...production, SEED_DEMO_DATA: 'true' })).toMatch(/^ {2}SEED_DEMO_DATA: /m)
      expect(loadConfig({ ...production, SEED_DEMO_DATA: 'false' }).seedDemoData).toBe(false)
    })
  })

  it('keeps secrets out of tracked files: .env and the data folder are ignored, .env.example leaves every secret empty', () => {
    const root = path.resolve(import.meta.dirname, '..')
    const ignored = readFileSync(path.join(root, '.gitignore'), 'utf8').split('\n')
    expect(ignored).toContain('.env')
    expect(ignored).toContain('.data/')
    const secrets = readFileSync(path.join(root, '.env.example'), 'utf8')
      .split('\n')
      .map((line) => /^([A-Z0-9_]+)=(.*)$/.exec(line))
      .filter(
        (match) => match && /SECRET|PASS(?!WORD_HASH)|KEY|TOKEN|USER|DATABASE_URL/.test(match[1]!),
      )
    expect(secrets.map((match) => match![1])).toEqual(
      expect.arrayContaining(['DATABASE_URL', 'SESSION_SECRET', 'SMTP_PASS', 'EMAIL_SETTINGS_KEY']),
    )
    for (const match of secrets) expect(match![2], match![1]).toBe('')
  })
})
