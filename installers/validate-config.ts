import { existsSync, readFileSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv'
import type { Configuration } from 'electron-builder'
import { NATIVE_MODULES } from './build-shell.ts'
import { iconProblem } from './icon.ts'
import { runtimeModules } from './runtime-modules.ts'
import { checkUdevRules } from './udev-rules.ts'

// Checks the electron-builder configuration without building (Electron cannot be downloaded
// here): electron-builder's own JSON schema (app-builder-lib/scheme.json, with the ajv that
// app-builder-lib validates with), then what the kiosk needs of its installers.
//   npx tsx installers/validate-config.ts [path/to/config.ts]

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const UDEV_RULE = 'installers/linux/70-rewardflow-scanners.rules'
const AUTOSTART_DESKTOP = 'installers/linux/rewardflow-kiosk.desktop'
/** What installers/build-shell.ts writes as the entry point; main.ts loads the rest beside it. */
const SHELL_MAIN = 'dist/electron/main.js'
const BUNDLE_DIRS = ['dist/electron', 'dist/renderer']
/** The macros electron-builder fills in bash templates (FpmTarget's bashTemplateOptions). */
const BASH_MACROS = new Set(['executable', 'sanitizedProductName', 'productFilename'])

export type Check = { name: string; ok: boolean; detail: string }

const check = (name: string, ok: boolean, detail: string): Check => ({ name, ok, detail })

const describeSchemaError = (error: ErrorObject) =>
  `${error.instancePath || '/'} ${error.message ?? 'is invalid'}` +
  (error.keyword === 'additionalProperties'
    ? ` (${String((error.params as { additionalProperty?: string }).additionalProperty)})`
    : '')

let compiled: ValidateFunction | null = null

/** electron-builder's schema check, as app-builder-lib's validateConfiguration runs it. */
export const schemaErrors = (config: unknown): string[] => {
  if (!compiled) {
    const require = createRequire(import.meta.url)
    const schemePath = path.join(
      path.dirname(require.resolve('app-builder-lib/package.json')),
      'scheme.json',
    )
    const scheme = JSON.parse(readFileSync(schemePath, 'utf8')) as object
    compiled = new Ajv({ allErrors: true, strict: false }).compile(scheme)
  }
  const validate = compiled
  if (validate(structuredClone(config))) return []
  // anyOf branches repeat the same mistake many times: keep the most specific messages.
  const specific = (validate.errors ?? []).filter(
    (e) => !['anyOf', 'oneOf', 'if'].includes(e.keyword),
  )
  return [
    ...new Set((specific.length ? specific : (validate.errors ?? [])).map(describeSchemaError)),
  ]
}

const targetsOf = (value: unknown): string[] => {
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value]
  return list.map((entry: unknown) =>
    typeof entry === 'string'
      ? entry.toLowerCase()
      : String((entry as { target?: string }).target ?? '').toLowerCase(),
  )
}

const fileAt = (root: string, relative: unknown) =>
  typeof relative === 'string' ? path.resolve(root, relative) : null

const exists = (file: string | null) => file !== null && existsSync(file)

/** Every check of the configuration; `root` is the project folder the paths are relative to. */
export const validateConfig = (config: Configuration, root = ROOT): Check[] => {
  const checks: Check[] = []
  const schema = schemaErrors(config)
  checks.push(
    check(
      'electron-builder schema',
      schema.length === 0,
      schema.join('; ') || 'scheme.json: valid',
    ),
  )

  checks.push(
    check(
      'app id and product name',
      Boolean(config.appId && config.productName),
      `${config.appId} / ${config.productName}`,
    ),
  )

  const linux = targetsOf(config.linux?.target)
  checks.push(
    check(
      'Linux targets',
      linux.includes('appimage') && linux.includes('deb'),
      `linux.target: ${linux.join(', ') || 'none'}`,
    ),
  )
  const win = targetsOf(config.win?.target)
  checks.push(
    check('Windows target', win.includes('nsis'), `win.target: ${win.join(', ') || 'none'}`),
  )

  const nsis = config.nsis ?? {}
  checks.push(
    check(
      'NSIS per machine, assisted',
      nsis.perMachine === true && nsis.oneClick === false,
      `perMachine: ${String(nsis.perMachine)}, oneClick: ${String(nsis.oneClick)}`,
    ),
  )
  const include = fileAt(root, nsis.include)
  const includeText = include && exists(include) ? readFileSync(include, 'utf8') : ''
  checks.push(
    check(
      'NSIS autostart for all users',
      /!macro customInstall[\s\S]*WriteRegStr HKLM "Software\\Microsoft\\Windows\\CurrentVersion\\Run"/.test(
        includeText,
      ) && /!macro customUnInstall[\s\S]*DeleteRegValue HKLM/.test(includeText),
      include
        ? `${path.relative(root, include)}${exists(include) ? '' : ' is missing'}`
        : 'nsis.include is not set',
    ),
  )

  const rules = path.join(root, UDEV_RULE)
  if (!existsSync(rules)) {
    checks.push(check('udev rule', false, `${UDEV_RULE} is missing`))
  } else {
    const parsed = checkUdevRules(readFileSync(rules, 'utf8'))
    const hidraw = parsed.rules.some((rule) => rule.matches.includes('SUBSYSTEM=="hidraw"'))
    checks.push(
      check(
        'udev rule',
        parsed.errors.length === 0 && hidraw,
        parsed.errors.join('; ') ||
          (hidraw
            ? `${parsed.rules.length} rules, hidraw covered`
            : 'no rule for SUBSYSTEM=="hidraw"'),
      ),
    )
  }

  const shipped = (config.linux?.extraResources ?? []) as { from?: string; filter?: string[] }[]
  const shipsFile = (file: string) =>
    shipped.some(
      (resource) =>
        resource.from !== undefined &&
        path.resolve(root, resource.from) === path.resolve(root, path.dirname(file)) &&
        (resource.filter ?? ['**/*']).some(
          (f) => f === path.basename(file) || f === '**/*' || f === '*',
        ),
    )
  checks.push(
    check(
      'udev rule and autostart entry shipped',
      shipsFile(UDEV_RULE) &&
        shipsFile(AUTOSTART_DESKTOP) &&
        exists(path.join(root, AUTOSTART_DESKTOP)),
      'linux.extraResources → resources/linux/',
    ),
  )

  let installs = ''
  for (const key of ['afterInstall', 'afterRemove'] as const) {
    const script = fileAt(root, config.deb?.[key])
    if (!script || !exists(script)) {
      checks.push(
        check(
          `deb ${key}`,
          false,
          script ? `${path.relative(root, script)} is missing` : `deb.${key} is not set`,
        ),
      )
      continue
    }
    const text = readFileSync(script, 'utf8')
    if (key === 'afterInstall') installs = text
    const unknown = [...text.matchAll(/\$\{([a-zA-Z]+)\}/g)]
      .map((match) => match[1] ?? '')
      .filter((name) => !BASH_MACROS.has(name))
    const executable = (statSync(script).mode & 0o111) !== 0 || process.platform === 'win32'
    checks.push(
      check(
        `deb ${key}`,
        text.startsWith('#!/bin/bash') && unknown.length === 0 && executable,
        unknown.length
          ? `undefined macros: ${unknown.join(', ')}`
          : `${path.relative(root, script)}${executable ? '' : ' is not executable'}`,
      ),
    )
  }
  checks.push(
    check(
      'deb installs the udev rule and autostart',
      installs.includes('/etc/udev/rules.d/70-rewardflow-scanners.rules') &&
        installs.includes('udevadm control --reload-rules') &&
        installs.includes('/etc/xdg/autostart/'),
      'after-install copies the rule, reloads udev, adds /etc/xdg/autostart entry',
    ),
  )

  const files = (config.files ?? []) as string[]
  const modules = runtimeModules(root, NATIVE_MODULES)
  const missingModules = modules.filter((name) => !files.includes(`node_modules/${name}/**/*`))
  checks.push(
    check(
      'native modules packaged',
      [...NATIVE_MODULES, '@serialport/bindings-cpp'].every((name) => modules.includes(name)) &&
        missingModules.length === 0,
      missingModules.length
        ? `not in files: ${missingModules.join(', ')}`
        : `${modules.length} modules: ${modules.join(', ')}`,
    ),
  )
  checks.push(
    check(
      'native modules rebuilt and unpacked',
      config.npmRebuild === true && ((config.asarUnpack ?? []) as string[]).includes('**/*.node'),
      `npmRebuild: ${String(config.npmRebuild)}, asarUnpack: ${JSON.stringify(config.asarUnpack ?? [])}`,
    ),
  )

  const positive = files.filter((f) => !f.startsWith('!'))
  const strays = positive.filter(
    (f) =>
      f !== 'package.json' &&
      !f.startsWith('node_modules/') &&
      !BUNDLE_DIRS.some((dir) => f.startsWith(`${dir}/`)),
  )
  checks.push(
    check(
      'files limited to the bundles',
      strays.length === 0 &&
        files.includes('!node_modules/**/*') &&
        BUNDLE_DIRS.every((dir) => positive.includes(`${dir}/**/*`)),
      strays.length
        ? `also packs: ${strays.join(', ')}`
        : `${BUNDLE_DIRS.join(', ')}, package.json, ${modules.length} node_modules`,
    ),
  )

  const main = (config.extraMetadata as { main?: string } | undefined)?.main
  checks.push(
    check(
      'entry point produced by build-shell',
      main === SHELL_MAIN,
      `extraMetadata.main: ${String(main)}`,
    ),
  )
  const shellSource = path.join(root, 'electron/shell/main.ts')
  const shellText = existsSync(shellSource) ? readFileSync(shellSource, 'utf8') : ''
  checks.push(
    check(
      'preload and renderer where main.ts looks',
      shellText.includes("'preload.cjs'") && shellText.includes("'..', 'renderer'"),
      'dist/electron/preload.cjs, dist/renderer/index.html',
    ),
  )

  // The app's icon: electron-builder converts buildResources/icon.png for every target.
  const resources = fileAt(root, config.directories?.buildResources)
  const icon = [config.linux?.icon, config.win?.icon].find((value) => typeof value === 'string')
  const iconIssue = icon !== undefined || !resources ? null : iconProblem(resources)
  checks.push(
    check(
      'icon',
      icon !== undefined ? exists(fileAt(root, icon)) : resources !== null && iconIssue === null,
      icon !== undefined
        ? `icon: ${icon}`
        : (iconIssue ?? 'icon.png (from icon.svg) in buildResources'),
    ),
  )

  const output = fileAt(root, config.directories?.output)
  checks.push(
    check(
      'output inside dist/',
      output !== null && output.startsWith(path.join(root, 'dist') + path.sep),
      String(config.directories?.output),
    ),
  )

  return checks
}

export const loadConfig = async (file: string): Promise<Configuration> => {
  const loaded = (await import(pathToFileURL(path.resolve(file)).href)) as {
    default: Configuration
  }
  return loaded.default
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const file = process.argv[2] ?? path.join(ROOT, 'installers/electron-builder.config.ts')
  const checks = validateConfig(await loadConfig(file))
  for (const { name, ok, detail } of checks) console.warn(`${ok ? '✓' : '✗'} ${name}: ${detail}`)
  const failed = checks.filter((c) => !c.ok).length
  console.warn(
    failed
      ? `\n${failed} check(s) failed in ${path.relative(process.cwd(), file)}`
      : '\nInstaller configuration OK (nothing was built).',
  )
  process.exitCode = failed ? 1 : 0
}
