import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'
import { rendererBuildConfig } from './electron/webhost/renderer-build.ts'

// `npm run build:kiosk`: the cashier UI (renderer/) into dist/renderer, loaded by the Electron
// shell from disk and served by the kiosk web host. The web host also builds it itself when it
// is missing or older than its sources.
const here = path.dirname(fileURLToPath(import.meta.url))

export default defineConfig(rendererBuildConfig(here))
