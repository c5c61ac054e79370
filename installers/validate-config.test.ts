import { execFile } from 'node:child_process'
import { chmod, cp, mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Configuration } from 'electron-builder'
import config from './electron-builder.config.ts'
import { checkUdevRules } from './udev-rules.ts'
import { schemaErrors, validateConfig } from './validate-config.ts'

const ROOT = path.resolve(import.meta.dirname, '..')

const failing = (broken: Configuration, root = ROOT) =>
  validateConfig(broken, root)
    .filter((c) => !c.ok)
    .map((c) => c.name)

const edit = (change: (copy: Configuration) => void): Configuration => {
  const copy = structuredClone(config) as Configuration
  change(copy)
  return copy
}

describe('the installer configuration', () => {
  it('passes every check', () => {
    const checks = validateConfig(config)
    expect(checks.filter((c) => !c.ok)).toEqual([])
    expect(checks.length).toBeGreaterThan(10)
  })

  it('passes electron-builder’s own schema', () => {
    expect(schemaErrors(config)).toEqual([])
  })

  it('runs from the command line and exits 0', async () => {
    const { stderr } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', path.join(ROOT, 'installers/validate-config.ts')],
      { cwd: ROOT },
    )
    expect(stderr).toContain('Installer configuration OK')
  })
})

describe('validateConfig catches a broken configuration', () => {
  it('an option electron-builder does not know', () => {
    const broken = edit((c) => Object.assign(c.nsis ?? {}, { perMachin: true }))
    expect(schemaErrors(broken).join()).toContain('perMachin')
    expect(failing(broken)).toEqual(['electron-builder schema'])
  })

  it('an entry point other than build-shell’s main.js', () => {
    const preload = edit((c) =>
      Object.assign(c, {
        extraMetadata: { ...c.extraMetadata, main: 'dist/electron/preload.cjs' },
      }),
    )
    expect(failing(preload)).toEqual(['entry point produced by build-shell'])
  })

  it('a value of the wrong type', () => {
    expect(schemaErrors(edit((c) => Object.assign(c, { npmRebuild: 'yes' }))).length).toBe(1)
  })

  it('a per-user or one-click NSIS installer', () => {
    expect(failing(edit((c) => Object.assign(c.nsis ?? {}, { perMachine: false })))).toEqual([
      'NSIS per machine, assisted',
    ])
    expect(failing(edit((c) => Object.assign(c.nsis ?? {}, { oneClick: true })))).toEqual([
      'NSIS per machine, assisted',
    ])
  })

  it('a missing target', () => {
    expect(failing(edit((c) => Object.assign(c.linux ?? {}, { target: ['AppImage'] })))).toEqual([
      'Linux targets',
    ])
    expect(failing(edit((c) => Object.assign(c, { win: { target: ['portable'] } })))).toEqual([
      'Windows target',
    ])
  })

  it('a native module left out, or not rebuilt', () => {
    const withoutHid = edit((c) => {
      c.files = (c.files as string[]).filter((f) => f !== 'node_modules/node-hid/**/*')
    })
    expect(failing(withoutHid)).toEqual(['native modules packaged'])
    expect(failing(edit((c) => Object.assign(c, { npmRebuild: false })))).toEqual([
      'native modules rebuilt and unpacked',
    ])
  })

  it('files beyond the bundles', () => {
    const leaky = edit((c) => {
      c.files = [...(c.files as string[]), 'backend/**/*']
    })
    expect(failing(leaky)).toEqual(['files limited to the bundles'])
  })

  it('a script path that does not exist, and a missing NSIS include', () => {
    const broken = edit((c) => {
      Object.assign(c.deb ?? {}, { afterInstall: 'installers/linux/nope.sh' })
      Object.assign(c.nsis ?? {}, { include: 'installers/windows/nope.nsh' })
    })
    expect(failing(broken)).toEqual([
      'NSIS autostart for all users',
      'deb afterInstall',
      'deb installs the udev rule and autostart',
    ])
  })

  describe('in a copy of the project', () => {
    let root: string
    beforeAll(async () => {
      root = await mkdtemp(path.join(os.tmpdir(), 'rewardflow-installers-'))
      await cp(path.join(ROOT, 'installers'), path.join(root, 'installers'), { recursive: true })
      await cp(path.join(ROOT, 'electron/shell/main.ts'), path.join(root, 'electron/shell/main.ts'))
      for (const name of ['better-sqlite3-multiple-ciphers', 'node-hid', 'serialport']) {
        await cp(
          path.join(ROOT, 'node_modules', name, 'package.json'),
          path.join(root, 'node_modules', name, 'package.json'),
        )
      }
    })
    afterAll(() => rm(root, { recursive: true, force: true }))

    it('an invalid udev rule', async () => {
      await writeFile(
        path.join(root, 'installers/linux/70-rewardflow-scanners.rules'),
        'SUBSYSTEM=="hidraw", ATTRS{idVendor}=="0C2E", MODE="0660\n',
      )
      expect(failing(config, root)).toContain('udev rule')
    })

    it('an after-install script that is not executable', async () => {
      await chmod(path.join(root, 'installers/linux/after-install.sh'), 0o644)
      if (process.platform !== 'win32') expect(failing(config, root)).toContain('deb afterInstall')
    })
  })
})

describe('checkUdevRules', () => {
  it('reads the shipped rule', () => {
    const rule =
      'SUBSYSTEM=="hidraw", ATTRS{idVendor}=="0c2e", GROUP="rewardflow", MODE="0660", TAG+="uaccess"'
    expect(checkUdevRules(`# scanners\n\n${rule}\n`)).toEqual({
      rules: [
        {
          line: 3,
          matches: ['SUBSYSTEM=="hidraw"', 'ATTRS{idVendor}=="0c2e"'],
          assignments: ['GROUP="rewardflow"', 'MODE="0660"', 'TAG+="uaccess"'],
        },
      ],
      errors: [],
    })
  })

  it('reports what udev would reject or ignore', () => {
    const { errors } = checkUdevRules(
      [
        'KERNEL==hidraw*, GROUP="x"',
        'SUBSYSTEM=="hidraw", MODE="rw-rw----"',
        'ATTRS{idVendor}=="0C2E", GROUP="x"',
        'SUBSYSTEM="hidraw", GROUP="x"',
        'ATTRS=="x", GROUP="x"',
        'GROUP="everyone", MODE="0666"',
        'SUBSYSTEM=="hidraw"',
      ].join('\n'),
    )
    expect(errors).toEqual([
      'line 1: cannot read "KERNEL==hidraw*, GROUP="x""',
      'line 2: MODE "rw-rw----" is not an octal mode',
      'line 3: idVendor "0C2E" is not four lowercase hex digits',
      'line 4: SUBSYSTEM cannot be used with =',
      'line 4: a rule without a match applies to every device',
      'line 5: ATTRS needs {argument}',
      'line 6: a rule without a match applies to every device',
      'line 7: a rule without an assignment does nothing',
    ])
  })
})
