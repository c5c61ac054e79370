import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Configuration } from 'electron-builder'
import { NATIVE_MODULES } from './build-shell.ts'
import { runtimeModules } from './runtime-modules.ts'

// electron-builder configuration of the kiosk app. Build (where Electron can be downloaded):
//   npx tsx installers/build-shell.ts && npx electron-builder --config installers/electron-builder.config.ts
// Checked here without building: npx tsx installers/validate-config.ts (see docs/installers.md).

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

const shippedModules = runtimeModules(ROOT, NATIVE_MODULES)

const config = {
  appId: 'lu.rewardflow.kiosk',
  productName: 'RewardFlow Kiosk',
  executableName: 'rewardflow-kiosk',
  copyright: 'Copyright © RewardFlow',
  directories: { output: 'dist/installers', buildResources: 'installers/resources' },
  // package.json has no "main": the bundled shell is the app's entry point.
  extraMetadata: { main: 'dist/electron/main.js' },
  files: [
    'package.json',
    'dist/electron/**/*',
    '!dist/electron/**/*.map',
    'dist/renderer/**/*',
    // Only the native modules and what they load at run time; all else is in the bundle.
    '!node_modules/**/*',
    ...shippedModules.map((name) => `node_modules/${name}/**/*`),
    '!node_modules/**/{test,tests,deps,src,docs,example,examples}/**/*',
    '!node_modules/**/*.{md,ts,map,c,cc,cpp,h,gyp,gypi,mk}',
    '!node_modules/better-sqlite3-multiple-ciphers/build/Release/obj.target/**/*',
    '!node_modules/better-sqlite3-multiple-ciphers/build/Release/test_extension.node',
  ],
  asar: true,
  // Native code cannot be loaded from inside app.asar.
  asarUnpack: ['**/*.node', 'node_modules/node-hid/prebuilds/**/*'],
  // Rebuilt for Electron's ABI (better-sqlite3-multiple-ciphers is not N-API; node-hid and
  // @serialport/bindings-cpp ship N-API prebuilds that @electron/rebuild keeps).
  npmRebuild: true,
  nodeGypRebuild: false,
  buildDependenciesFromSource: false,
  linux: {
    target: ['AppImage', 'deb'],
    category: 'Office',
    maintainer: 'RewardFlow <support@rewardflow.lu>',
    synopsis: 'RewardFlow loyalty kiosk',
    description: 'The counter kiosk of the RewardFlow loyalty platform.',
    executableName: 'rewardflow-kiosk',
    extraResources: [
      {
        from: 'installers/linux',
        to: 'linux',
        filter: ['70-rewardflow-scanners.rules', 'rewardflow-kiosk.desktop'],
      },
    ],
  },
  deb: {
    afterInstall: 'installers/linux/after-install.sh',
    afterRemove: 'installers/linux/after-remove.sh',
    // A keyring for safeStorage: without one the kiosk refuses to keep its key (basic_text).
    recommends: ['gnome-keyring'],
  },
  appImage: { artifactName: '${productName}-${version}-${arch}.${ext}' },
  win: { target: [{ target: 'nsis', arch: ['x64'] }] },
  nsis: {
    oneClick: false,
    perMachine: true,
    allowToChangeInstallationDirectory: false,
    createDesktopShortcut: false,
    runAfterFinish: true,
    deleteAppDataOnUninstall: false,
    include: 'installers/windows/installer.nsh',
    artifactName: '${productName}-Setup-${version}.${ext}',
  },
} satisfies Configuration

export default config
