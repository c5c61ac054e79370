import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from '@playwright/test'
import { ICON_DIR, ICON_SIZE, sha256, type IconRecord } from './icon.ts'

// Renders the kiosk app's icon, installers/resources/icon.svg, to the icon.png electron-builder
// converts for every target (1024 × 1024, transparent corners), in Chromium, and records the
// SVG it came from in icon.json so a stale PNG is caught (installers:validate, its test).
//   npm run installers:icon

const render = async () => {
  const svg = readFileSync(path.join(ICON_DIR, 'icon.svg'))
  const executablePath = existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined
  const browser = await chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-gpu'],
  })
  try {
    const page = await browser.newPage({
      viewport: { width: ICON_SIZE, height: ICON_SIZE },
      deviceScaleFactor: 1,
    })
    await page.setContent(
      `<style>html,body{margin:0;background:transparent}img{display:block}</style>` +
        `<img src="data:image/svg+xml;base64,${svg.toString('base64')}" ` +
        `width="${ICON_SIZE}" height="${ICON_SIZE}">`,
    )
    await page.waitForFunction('document.images[0].complete && document.images[0].naturalWidth > 0')
    const png = await page.screenshot({ omitBackground: true })
    writeFileSync(path.join(ICON_DIR, 'icon.png'), png)
    const record: IconRecord = { source: 'icon.svg', sha256: sha256(svg), size: ICON_SIZE }
    writeFileSync(path.join(ICON_DIR, 'icon.json'), `${JSON.stringify(record, null, 2)}\n`)
    console.warn(`installers/resources/icon.png: ${ICON_SIZE} × ${ICON_SIZE}, ${png.length} bytes`)
  } finally {
    await browser.close()
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  render().catch((error: unknown) => {
    console.error(error)
    process.exitCode = 1
  })
}
