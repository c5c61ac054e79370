import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import { loadConfig } from '../config.ts'
import type { AppError } from '../errors.ts'
import { useTestDatabase } from '../test/test-database.ts'
import { setRunningLocalMailbox } from './mailbox/local-mailbox-endpoint.ts'
import { SETTINGS_KEY_FILE, settingsKey } from './settings-crypto.ts'
import { effectiveSmtpConfig, redactSmtpConfig } from './smtp-config.ts'
import { saveSmtpSettings } from './smtp-settings.ts'

const db = useTestDatabase()
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'rewardflow-smtp-config-'))
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

const configWith = (env: Record<string, string> = {}) =>
  loadConfig({ BASE_URL: 'https://rewardflow.test', DATA_DIR: dataDir, ...env })

const values = (effective: Awaited<ReturnType<typeof effectiveSmtpConfig>>) =>
  Object.fromEntries(
    (['host', 'port', 'secure', 'user', 'authMethod', 'tlsVerify', 'from'] as const).map((k) => [
      k,
      [effective[k].value, effective[k].source],
    ]),
  )

beforeEach(async () => {
  await db.knex('smtp_settings').delete()
  setRunningLocalMailbox(null)
})

describe('the effective SMTP configuration', () => {
  it('points at the local mailbox when no host is set anywhere (the embedded default)', async () => {
    setRunningLocalMailbox({ host: '127.0.0.1', port: 2525 })
    const effective = await effectiveSmtpConfig(db.knex, configWith())
    expect(values(effective)).toEqual({
      host: ['127.0.0.1', 'default'],
      port: [2525, 'default'],
      secure: ['none', 'default'],
      user: [null, 'default'],
      authMethod: ['auto', 'default'],
      tlsVerify: [true, 'default'],
      from: ['RewardFlow <no-reply@rewardflow.test>', 'default'],
    })
    expect(effective).toMatchObject({ localMailbox: true, problems: [] })
  })

  it('says so when there is no host and no local mailbox in this process', async () => {
    const effective = await effectiveSmtpConfig(db.knex, configWith())
    expect(effective.host.value).toBeNull()
    expect(effective.localMailbox).toBe(false)
    expect(effective.problems[0]).toMatch(/No SMTP host/)
  })

  it('takes the environment, with defaults that follow the TLS mode', async () => {
    const env = {
      SMTP_HOST: 'smtp.provider.lu',
      SMTP_USER: 'apikey',
      SMTP_PASS: 'env-secret',
      SMTP_AUTH_METHOD: 'login',
      EMAIL_FROM: 'FashionHub <hello@fashionhub.lu>',
    }
    const effective = await effectiveSmtpConfig(db.knex, configWith(env))
    expect(values(effective)).toEqual({
      host: ['smtp.provider.lu', 'env'],
      port: [587, 'default'],
      secure: ['starttls', 'default'],
      user: ['apikey', 'env'],
      authMethod: ['LOGIN', 'env'],
      tlsVerify: [true, 'default'],
      from: ['FashionHub <hello@fashionhub.lu>', 'env'],
    })
    expect(effective.password).toEqual({ value: 'env-secret', source: 'env' })
    const implicit = await effectiveSmtpConfig(db.knex, configWith({ ...env, SMTP_PORT: '465' }))
    expect([implicit.port.value, implicit.secure.value]).toEqual([465, 'tls'])
    const tls = await effectiveSmtpConfig(db.knex, configWith({ ...env, SMTP_SECURE: 'tls' }))
    expect([tls.port.value, tls.port.source]).toEqual([465, 'default'])
  })

  it('lets the admin override any value, keeping the password encrypted at rest', async () => {
    const config = configWith({ SMTP_HOST: 'smtp.env.lu', SMTP_USER: 'env-user' })
    await saveSmtpSettings(
      db.knex,
      config,
      { host: 'mail.admin.lu', port: 2587, password: 'Pässwort-très-secret', authMethod: 'PLAIN' },
      null,
    )
    const row = await db.knex('smtp_settings').first()
    expect(row.password_encrypted).toMatch(/^v1\./)
    expect(row.password_encrypted).not.toContain('secret')
    const effective = await effectiveSmtpConfig(db.knex, config)
    expect(values(effective)).toMatchObject({
      host: ['mail.admin.lu', 'database'],
      port: [2587, 'database'],
      secure: ['starttls', 'default'],
      user: ['env-user', 'env'],
      authMethod: ['PLAIN', 'database'],
    })
    expect(effective.password).toEqual({ value: 'Pässwort-très-secret', source: 'database' })
    expect(redactSmtpConfig(effective).password).toEqual({ value: 'set', source: 'database' })
    expect(JSON.stringify(redactSmtpConfig(effective))).not.toContain('secret')

    // The key is generated once in DATA_DIR, readable by its owner only.
    const keyFile = path.join(dataDir, SETTINGS_KEY_FILE)
    expect(readFileSync(keyFile, 'utf8').trim()).toMatch(/^[A-Za-z0-9+/]{43}=$/)
    expect(statSync(keyFile).mode & 0o777).toBe(0o600)

    // With another key the password cannot be read: the settings page says why.
    const otherKey = configWith({ EMAIL_SETTINGS_KEY: 'ab'.repeat(32), SMTP_HOST: 'x' })
    const unreadable = await effectiveSmtpConfig(db.knex, otherKey)
    expect(unreadable.password).toEqual({ value: null, source: 'database' })
    expect(unreadable.problems.join(' ')).toMatch(/cannot be decrypted/)

    // Clearing a value brings the environment's back.
    await saveSmtpSettings(db.knex, config, { host: null, port: null }, null)
    const cleared = await effectiveSmtpConfig(db.knex, config)
    expect(values(cleared)).toMatchObject({
      host: ['smtp.env.lu', 'env'],
      port: [587, 'default'],
    })
  })

  it('refuses settings that cannot work, naming each, and saves nothing', async () => {
    const config = configWith({ SMTP_HOST: 'smtp.env.lu' })
    const error = await saveSmtpSettings(
      db.knex,
      config,
      {
        host: 'smtp example.lu',
        port: 70_000,
        secure: 'ssl' as never,
        authMethod: 'CRAM-MD5' as never,
        fromAddress: 'RewardFlow <no address>',
      },
      null,
    ).then(
      () => null,
      (e: unknown) => e as AppError<'VALIDATION_FAILED'>,
    )
    expect(error?.code).toBe('VALIDATION_FAILED')
    expect(error?.details.fields.map((field) => field.path).sort()).toEqual([
      'authMethod',
      'fromAddress',
      'host',
      'port',
      'secure',
    ])
    expect(await db.knex('smtp_settings').first()).toBeUndefined()
  })

  it('encrypts with EMAIL_SETTINGS_KEY when it is set', async () => {
    const config = configWith({
      SMTP_HOST: 'smtp.env.lu',
      EMAIL_SETTINGS_KEY: Buffer.alloc(32, 7).toString('base64'),
    })
    await saveSmtpSettings(db.knex, config, { username: 'admin', password: 'kennwort' }, null)
    expect((await effectiveSmtpConfig(db.knex, config)).password.value).toBe('kennwort')
    expect((await effectiveSmtpConfig(db.knex, configWith({ SMTP_HOST: 'x' }))).problems).toEqual([
      expect.stringMatching(/cannot be decrypted/),
    ])
  })

  it('in production, decrypts on every host with EMAIL_SETTINGS_KEY and writes no key file', async () => {
    const host = (name: string) => {
      const dir = path.join(dataDir, name)
      return loadConfig({
        NODE_ENV: 'production',
        BASE_URL: 'https://rewardflow.test',
        DATA_DIR: dir,
        DATABASE_URL: 'postgres://u:p@db:5432/rewardflow',
        SESSION_SECRET: 's'.repeat(32),
        EMAIL_SETTINGS_KEY: Buffer.alloc(32, 9).toString('base64'),
        SMTP_HOST: 'smtp.env.lu',
      })
    }
    const [web1, web2] = [host('web-1'), host('web-2')]
    await saveSmtpSettings(db.knex, web1, { username: 'admin', password: 'mot de passe' }, null)
    expect((await effectiveSmtpConfig(db.knex, web2)).password.value).toBe('mot de passe')
    for (const config of [web1, web2])
      expect(() => statSync(path.join(config.dataDir, SETTINGS_KEY_FILE))).toThrow(/ENOENT/)
    // A production configuration without the key never reaches here: no per-host file either.
    expect(() => settingsKey({ ...web2, emailSettingsKey: undefined })).toThrow(
      /EMAIL_SETTINGS_KEY/,
    )
  })

  it('refuses an EMAIL_SETTINGS_KEY that is not 32 bytes', () => {
    expect(() => configWith({ EMAIL_SETTINGS_KEY: 'too-short' })).toThrow(/EMAIL_SETTINGS_KEY/)
    expect(() => configWith({ SMTP_SECURE: 'ssl' })).toThrow(/SMTP_SECURE/)
    expect(() => configWith({ SMTP_AUTH_METHOD: 'CRAM-MD5' })).toThrow(/SMTP_AUTH_METHOD/)
  })
})
