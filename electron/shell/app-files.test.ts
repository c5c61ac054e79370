import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { resolveAppFile } from './app-files.ts'
import { APP_ORIGIN } from './is-trusted-url.ts'

const ROOT = path.resolve('/opt/rewardflow/dist/renderer')

describe('resolveAppFile', () => {
  it('serves the bundle’s files with their content type', () => {
    expect(resolveAppFile('app://rewardflow/assets/index-3f2a.js', APP_ORIGIN, ROOT)).toEqual({
      path: path.join(ROOT, 'assets', 'index-3f2a.js'),
      contentType: 'text/javascript; charset=utf-8',
    })
  })

  it('answers index.html for the root and for the UI’s pages', () => {
    for (const url of ['app://rewardflow/', 'app://rewardflow/card/123', 'app://rewardflow']) {
      expect(resolveAppFile(url, APP_ORIGIN, ROOT)?.path).toBe(path.join(ROOT, 'index.html'))
    }
  })

  it('serves nothing outside the bundle or from another origin', () => {
    expect(resolveAppFile('app://rewardflow/%2e%2e/secret.json', APP_ORIGIN, ROOT)).toBeNull()
    expect(resolveAppFile('app://rewardflow/..%2F..%2Fkiosk.key.json', APP_ORIGIN, ROOT)).toBeNull()
    expect(resolveAppFile('app://other/index.html', APP_ORIGIN, ROOT)).toBeNull()
    expect(resolveAppFile('file:///etc/passwd', APP_ORIGIN, ROOT)).toBeNull()
  })

  it('serves no file type it does not know', () => {
    expect(resolveAppFile('app://rewardflow/kiosk.db', APP_ORIGIN, ROOT)).toBeNull()
    expect(resolveAppFile('app://rewardflow/main.node', APP_ORIGIN, ROOT)).toBeNull()
  })
})
