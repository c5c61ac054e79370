import { existsSync } from 'node:fs'
import type { Server } from 'node:http'
import path from 'node:path'
import { bodyParser } from '@koa/bodyparser'
import { chromium, type Browser, type Page } from '@playwright/test'
import Koa from 'koa'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { readAssetManifest } from './asset-manifest.ts'
import { buildScratchAssets, type ScratchBuild } from '../../test/scratch-assets.ts'
import { serveAssets } from './serve-assets.ts'

// The enhancement scripts in a real Chromium, as built and served in production. Debian's
// chromium where Playwright's own browser is not installed (docs/running.md).
const executablePath = existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined
const browserInstalled = !!executablePath || existsSync(chromium.executablePath())

type Received = { method: string; path: string; body: Record<string, unknown> }

const fixture = (tags: {
  styles: string[]
  preloads: string[]
  scripts: string[]
}) => `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>fixture</title><link rel="icon" href="data:,">
${tags.styles.map((href) => `<link rel="stylesheet" href="${href}">`).join('')}
${tags.preloads.map((href) => `<link rel="modulepreload" href="${href}">`).join('')}
${tags.scripts.map((src) => `<script type="module" src="${src}"></script>`).join('')}
</head><body>
<form id="lang" class="lang-switch" method="get" action="/received" data-auto-submit>
  <select class="input lang-switch__select" name="lang" aria-label="Langue">
    <option value="en">English</option><option value="fr" selected>Français</option>
  </select>
  <button class="button" id="lang-ok" data-js-hide>OK</button>
</form>
<form id="once" method="post" action="/slow"><button class="button" name="intent" value="save">Save</button></form>
<form id="delete" method="post" action="/received" data-confirm="Supprimer votre compte ?"
  data-confirm-ok="Supprimer" data-confirm-cancel="Garder"><button class="button">Supprimer</button></form>
<form id="plain-confirm" method="post" action="/received" data-confirm="Vraiment ?"><button class="button">Go</button></form>
<div class="password" data-password-toggle data-show-label="Afficher" data-hide-label="Masquer">
  <input class="input" id="pw" type="password" value="s3cret">
</div>
<fieldset class="field date-parts" data-date-parts><legend>Date de naissance</legend>
  <input id="day" data-date-part="day" maxlength="2" inputmode="numeric">
  <select id="month" data-date-part="month"><option value=""></option>
    ${Array.from({ length: 12 }, (_, i) => `<option value="${i + 1}">${i + 1}</option>`).join('')}</select>
  <input id="year" data-date-part="year" maxlength="4" inputmode="numeric">
</fieldset>
</body></html>`

let build: ScratchBuild
let server: Server
let url: string
let browser: Browser
let page: Page
let received: Received[] = []

// Browser code as strings: this file is type-checked for Node, without the DOM.
const focused = () => page.evaluate('document.activeElement && document.activeElement.id')

beforeAll(async () => {
  if (!browserInstalled) return
  build = await buildScratchAssets()
  const tags = readAssetManifest(build.outDir).tags('storefront')
  const app = new Koa()
  app.use(serveAssets({ dir: path.join(build.outDir, 'assets') }))
  app.use(bodyParser({ enableTypes: ['form'] }))
  app.use(async (ctx) => {
    ctx.type = 'html'
    if (ctx.path === '/fixture') {
      ctx.body = fixture(tags)
      return
    }
    if (ctx.path === '/favicon.ico') return
    received.push({
      method: ctx.method,
      path: ctx.path,
      body: { ...ctx.query, ...(ctx.request.body as Record<string, unknown>) },
    })
    if (ctx.path === '/slow') await new Promise((resolve) => setTimeout(resolve, 400))
    ctx.body = '<!doctype html><title>received</title><p id="received">received</p>'
  })
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s))
  })
  const address = server.address()
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
  browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu'] })
}, 60_000)

afterEach(async () => {
  await page?.close()
})

afterAll(async () => {
  if (!browserInstalled) return
  await browser?.close()
  await new Promise((resolve) => server?.close(resolve))
  build?.remove()
})

beforeEach(async () => {
  if (!browserInstalled) return
  received = []
  page = await browser.newPage()
  await page.goto(`${url}/fixture`)
  await page.waitForSelector('html.js', { state: 'attached' })
})

describe.skipIf(!browserInstalled)('the page scripts in a browser', () => {
  it('mark the page as enhanced and hide what only a page without scripts needs', async () => {
    expect(await page.isHidden('#lang-ok')).toBe(true)
  })

  it('send the language form as soon as another language is chosen', async () => {
    await Promise.all([
      page.waitForURL(/\/received\?lang=en/),
      page.selectOption('#lang select', 'en'),
    ])
    expect(received).toEqual([{ method: 'GET', path: '/received', body: { lang: 'en' } }])
  })

  it('send a form once however often its button is pressed, with the button value', async () => {
    // Three presses in separate tasks, as a double tap makes them, while the answer is slow.
    await Promise.all([
      page.waitForURL(/\/slow$/),
      page.evaluate(`(async () => {
        for (let i = 0; i < 3; i++) {
          document.querySelector('#once button').click()
          await new Promise((resolve) => setTimeout(resolve, 50))
        }
      })()`),
    ])
    expect(received).toEqual([{ method: 'POST', path: '/slow', body: { intent: 'save' } }])
  })

  it('ask before a destructive form is sent, with the localized labels, and default to keep', async () => {
    await page.click('#delete button')
    const dialog = page.locator('dialog.confirm-dialog')
    await expect.poll(() => dialog.isVisible()).toBe(true)
    expect(await dialog.locator('.confirm-dialog__message').textContent()).toBe(
      'Supprimer votre compte ?',
    )
    expect(await page.evaluate('document.activeElement.textContent')).toBe('Garder')
    await dialog.getByRole('button', { name: 'Garder' }).click()
    await expect.poll(() => page.locator('dialog').count()).toBe(0)
    expect(received).toEqual([])

    await page.click('#delete button')
    await Promise.all([
      page.waitForURL(/\/received$/),
      page.getByRole('button', { name: 'Supprimer', exact: true }).last().click(),
    ])
    expect(received).toEqual([{ method: 'POST', path: '/received', body: {} }])
  })

  it("fall back to the browser's confirm() when the page gives no button labels", async () => {
    page.once('dialog', (dialog) => void dialog.dismiss())
    await page.click('#plain-confirm button')
    await page.waitForTimeout(100)
    expect(received).toEqual([])
    page.once('dialog', (dialog) => void dialog.accept())
    await Promise.all([page.waitForURL(/\/received$/), page.click('#plain-confirm button')])
    expect(received).toHaveLength(1)
  })

  it('show and hide a password on request', async () => {
    const toggle = page.locator('.password__toggle')
    expect(await toggle.textContent()).toBe('Afficher')
    expect(await toggle.getAttribute('aria-controls')).toBe('pw')
    await toggle.click()
    expect(await page.getAttribute('#pw', 'type')).toBe('text')
    expect(await toggle.textContent()).toBe('Masquer')
    await toggle.click()
    expect(await page.getAttribute('#pw', 'type')).toBe('password')
  })

  it('move through the birthday parts as they are typed, and spread a pasted date', async () => {
    await page.click('#day')
    await page.keyboard.type('4')
    expect(await focused()).toBe('month')

    await page.fill('#day', '')
    await page.click('#day')
    await page.evaluate(`(() => {
      const clipboardData = new DataTransfer()
      clipboardData.setData('text', '14/07/1990')
      const paste = new ClipboardEvent('paste', { clipboardData, bubbles: true, cancelable: true })
      document.getElementById('day').dispatchEvent(paste)
    })()`)
    expect(await page.inputValue('#day')).toBe('14')
    expect(await page.inputValue('#month')).toBe('7')
    expect(await page.inputValue('#year')).toBe('1990')
    expect(await focused()).toBe('year')

    await page.fill('#year', '')
    await page.keyboard.press('Backspace')
    expect(await focused()).toBe('month')
  })
})
