import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'
import { webBuildConfig } from './backend/web/assets/web-build-config.ts'

// `npm run build:web`: the page assets (storefront, merchant, admin) into dist/web, with hashed
// names and manifest.json. The server also builds them itself when they are missing or stale
// (ensureWebAssets), so this is for deploys and for looking at the output.
const here = path.dirname(fileURLToPath(import.meta.url))

export default defineConfig(
  webBuildConfig({
    root: path.join(here, 'backend', 'web', 'client'),
    outDir: path.join(here, 'dist', 'web'),
  }),
)
