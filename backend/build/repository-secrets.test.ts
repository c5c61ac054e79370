import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

// What is committed must hold no secret: the platform this replaces had a mail API key in a
// config file. Every tracked file (git ls-files) is scanned for private keys, API token
// shapes and passwords assigned in code or configuration; and .env.example documents exactly
// the variables backend/config.ts reads.

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')

type Finding = { file: string; line: number; kind: string }

// Built from pieces so that this file does not hold what it looks for.
const DASHES = '-'.repeat(5)
const TOKEN_PATTERNS: { kind: string; pattern: RegExp }[] = [
  {
    kind: 'private key',
    pattern: new RegExp(`${DASHES}BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?${DASHES}`),
  },
  { kind: 'RewardFlow API key', pattern: /\brfk_[A-Za-z0-9_-]{20,}/ },
  { kind: 'AWS access key', pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/ },
  {
    kind: 'GitHub token',
    pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{40,})/,
  },
  { kind: 'Slack token', pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/ },
  { kind: 'SendGrid key', pattern: /\bSG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{20,}/ },
  { kind: 'Mailgun key', pattern: /\bkey-[0-9a-f]{32}\b/ },
  { kind: 'Stripe key', pattern: /\b[sr]k_live_[A-Za-z0-9]{16,}/ },
]

/**
 * A name that holds a secret: SMTP_PASS, POSTGRES_PASSWORD, password, apiKey, sessionSecret, …
 * — the word whole, after `_` or `-`, or camel-cased (not `minipass`, not `PASSWORD_HASH_COST`).
 */
const isSecretName = (name: string) =>
  /(?:^|[_-])(?:pass|passwd|password|passphrase|pwd|secret|api_?key|apikey|access_?key|auth_?token|private_?key)$/i.test(
    name,
  ) ||
  /[a-z0-9](?:Pass|Passwd|Password|Passphrase|Pwd|Secret|ApiKey|AccessKey|AuthToken|PrivateKey)$/.test(
    name,
  )

/** Values that say "put yours here", not a secret. */
const PLACEHOLDER =
  /^(?:\$\{.*|\$[A-Z_]+.*|<[^>]*>|\*+|x+|\.\.\.|…|changeme|change-me|example|placeholder|secret|password|your[-_ ].*|none|null|undefined|true|false)$/i

/** `name = "value"`, `name: 'value'` (code, JSON, YAML): a quoted literal — not the branches
 * of a conditional (`passes ? 'pass' : 'fail'`). */
const QUOTED_ASSIGNMENT =
  /(?<![=!<>])(?<!\?\s*["'`]?)\b["']?([A-Za-z_][A-Za-z0-9_]*)["']?\s*(?::|=(?!=))\s*(["'`])([^"'`\n]*)\2/g
/** `NAME=value`, `NAME: value` (.env, YAML, Dockerfile ENV): an unquoted value. */
const BARE_ASSIGNMENT =
  /^\s*(?:export\s+|ENV\s+|-\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*[=:]\s*([^\s"'`#][^\s#]*)/

const CONFIG_FILE =
  /(?:^|\/)(?:\.env(?:\.[\w-]+)?|[^/]+\.(?:ya?ml|toml|ini|conf|cfg|properties|env)|Dockerfile|Caddyfile)$/

/**
 * Passwords that may be committed, each with why: test fixtures (the passwords of accounts a
 * test creates in its own database) and the demo seed's logins, which are published (README,
 * printed by `npm start`, refused in production by config.ts).
 */
const ALLOWED: { file: RegExp; value?: RegExp; why: string }[] = [
  { file: /\.test\.tsx?$|^e2e\/|^backend\/test\//, why: 'test fixtures, in throwaway databases' },
  {
    file: /^backend\/bench\//,
    why: 'benchmark accounts, in the benchmark’s own throwaway database',
  },
  { file: /^locales\//, why: 'translations: the labels of password fields' },
  {
    file: /^backend\/merchant\/views\/staff-page\.tsx$/,
    value: /^pin$/,
    why: 'a prop naming which field is secret',
  },
  {
    file: /^backend\/seed\/demo-seed\.ts$/,
    value: /^demo-(?:admin|owner)-2026$/,
    why: 'the demo logins, published and never seeded in production',
  },
  {
    file: /^backend\/seed\/demo-seed\.ts$/,
    value: /^JBSWY3DPEHPK3PXPDEMOADMINTWOZZZZ$/,
    why: "the demo admin's TOTP secret, published with its password (production refuses the demo data)",
  },
]

const allowed = (file: string, value: string) =>
  ALLOWED.some((entry) => entry.file.test(file) && (!entry.value || entry.value.test(value)))

/** Every finding in one file's text. */
export const scanText = (file: string, text: string): Finding[] => {
  const findings: Finding[] = []
  const lines = text.split('\n')
  lines.forEach((content, index) => {
    const line = index + 1
    for (const { kind, pattern } of TOKEN_PATTERNS)
      if (pattern.test(content)) findings.push({ file, line, kind })
    for (const [, name, , value] of content.matchAll(QUOTED_ASSIGNMENT))
      if (isSecretName(name!) && value && !PLACEHOLDER.test(value) && !allowed(file, value))
        findings.push({ file, line, kind: `password assigned to ${name}` })
    if (CONFIG_FILE.test(file)) {
      const bare = BARE_ASSIGNMENT.exec(content)
      if (bare && isSecretName(bare[1]!) && !PLACEHOLDER.test(bare[2]!) && !allowed(file, bare[2]!))
        findings.push({ file, line, kind: `password assigned to ${bare[1]}` })
    }
  })
  return findings
}

const trackedFiles = () =>
  execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' })
    .split('\0')
    .filter(Boolean)

const textOf = (file: string): string | null => {
  let bytes: Buffer
  try {
    bytes = readFileSync(path.join(ROOT, file))
  } catch {
    return null // deleted in the work tree, not yet in the index
  }
  if (bytes.length > 5_000_000 || bytes.subarray(0, 8000).includes(0)) return null // binary
  return bytes.toString('utf8')
}

describe('secrets in tracked files', () => {
  it('finds no private key, API token or password assignment in any tracked file', () => {
    const files = trackedFiles()
    expect(files.length).toBeGreaterThan(100)
    const findings = files.flatMap((file) => {
      const text = textOf(file)
      return text === null ? [] : scanText(file, text)
    })
    expect(findings).toEqual([])
  })

  it('would find each kind (the scan can fail)', () => {
    const samples: [string, string, string][] = [
      ['deploy/key.pem', `${DASHES}BEGIN RSA PRIVATE KEY${DASHES}`, 'private key'],
      ['notes.md', `${DASHES}BEGIN OPENSSH PRIVATE KEY${DASHES}`, 'private key'],
      ['backend/x.ts', `const key = '${'rfk_'}${'A1b2'.repeat(11)}'`, 'RewardFlow API key'],
      ['config.json', `"aws": "${'AKIA'}${'ABCDEFGHIJKLMNOP'}"`, 'AWS access key'],
      ['ci.yml', `token: ${'ghp_'}${'a'.repeat(36)}`, 'GitHub token'],
      ['x.ts', `'${'xoxb'}-1234567890-abcdef'`, 'Slack token'],
      ['mail.ts', `'${'SG.'}${'a'.repeat(22)}.${'b'.repeat(43)}'`, 'SendGrid key'],
      ['mail.ini', `${'key-'}${'0123456789abcdef'.repeat(2)}`, 'Mailgun key'],
      ['settings.yaml', `smtp_pass: "hunter2-really"`, 'password assigned to smtp_pass'],
      ['.env.production', 'SMTP_PASS=hunter2', 'password assigned to SMTP_PASS'],
      [
        'compose.yaml',
        '      POSTGRES_PASSWORD: hunter2',
        'password assigned to POSTGRES_PASSWORD',
      ],
      ['backend/mail.ts', `const password = "correct horse"`, 'password assigned to password'],
      [
        'backend/seed/demo-seed.ts',
        `password: 'not-the-demo-one'`,
        'password assigned to password',
      ],
    ]
    for (const [file, text, kind] of samples)
      expect(
        scanText(file, text).map((f) => f.kind),
        `${file}: ${text}`,
      ).toContain(kind)
  })

  it('lets placeholders, references and the published demo logins through', () => {
    const clean: [string, string][] = [
      ['.env.example', 'SMTP_PASS='],
      ['compose.yaml', '  SMTP_PASS: ${SMTP_PASS:-}'],
      ['compose.yaml', '  POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?set it in .env}'],
      ['backend/x.ts', "if (kind === 'password') return"],
      ['backend/x.ts', "const TOKEN_PREFIX = 'rfk_'"],
      ['backend/seed/demo-seed.ts', "  admin: { email: 'a@b.lu', password: 'demo-admin-2026' },"],
      ['backend/accounts/log-in.test.ts', "const MEMBER = { password: 'winter coat and scarf' }"],
      ['.env.example', 'PASSWORD_HASH_COST=11'],
      ['package-lock.json', '        "minipass": "^7.1.2",'],
      ['locales/de/auth.json', '    "password": "Passwort",'],
      ['backend/x.tsx', "<div data-contrast={passes ? 'pass' : 'fail'}>"],
    ]
    for (const [file, text] of clean) expect(scanText(file, text), `${file}: ${text}`).toEqual([])
  })
})

/** The variables config.ts reads: the keys of its EnvSchema, and any other `env.X` it reads. */
const variablesReadByConfig = (source: string): Set<string> => {
  const schema = /const EnvSchema = z\.object\(\{([\s\S]*?)\n\}\)/.exec(source)
  if (!schema) throw new Error('backend/config.ts: EnvSchema not found')
  const names = [...schema[1]!.matchAll(/^ {2}([A-Z][A-Z0-9_]*):/gm)].map((m) => m[1]!)
  const reads = [...source.matchAll(/\benv(?:\.|\[['"])([A-Z][A-Z0-9_]*)/g)].map((m) => m[1]!)
  return new Set([...names, ...reads])
}

/** The variables .env.example documents: `NAME=` lines, also commented out (`# NAME=`). */
const variablesDocumented = (example: string): Set<string> =>
  new Set([...example.matchAll(/^#?\s*([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]!))

describe('.env.example', () => {
  it('documents exactly the variables backend/config.ts reads', () => {
    const read = variablesReadByConfig(readFileSync(path.join(ROOT, 'backend/config.ts'), 'utf8'))
    const documented = variablesDocumented(readFileSync(path.join(ROOT, '.env.example'), 'utf8'))
    expect(read.size).toBeGreaterThan(20)
    expect(
      [...read].filter((name) => !documented.has(name)),
      'read but undocumented',
    ).toEqual([])
    expect(
      [...documented].filter((name) => !read.has(name)),
      'documented, never read',
    ).toEqual([])
  })

  it('tells a variable read but undocumented, and documented but never read', () => {
    const source = 'const EnvSchema = z.object({\n  PORT: z.number(),\n  NEW_ONE: z.string(),\n})\n'
    const read = variablesReadByConfig(source)
    expect([...read]).toEqual(['PORT', 'NEW_ONE'])
    const documented = variablesDocumented('PORT=3000\n# OLD_ONE=\n')
    expect([...read].filter((n) => !documented.has(n))).toEqual(['NEW_ONE'])
    expect([...documented].filter((n) => !read.has(n))).toEqual(['OLD_ONE'])
  })
})
