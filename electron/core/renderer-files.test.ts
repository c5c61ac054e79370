import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { KIOSK_CSP, resolveRendererFile } from './renderer-files.ts'

// What both hosts of the renderer share. The shell's app: origin check is in
// shell/app-files.test.ts, the web host's answers over HTTP in webhost/web-host.test.ts.

const ROOT = path.resolve('/opt/rewardflow/dist/renderer')

const directive = (name: string) =>
  KIOSK_CSP.split(';')
    .map((part) => part.trim())
    .find((part) => part.startsWith(`${name} `))

describe('KIOSK_CSP', () => {
  it('allows only the app’s own scripts, without eval or inline code', () => {
    expect(directive('default-src')).toBe("default-src 'self'")
    expect(directive('script-src')).toBe("script-src 'self'")
    expect(KIOSK_CSP).not.toMatch(/unsafe-eval|unsafe-inline|wasm-unsafe-eval|\*/)
  })

  it('lets the page reach nothing but its own origin', () => {
    expect(directive('connect-src')).toBe("connect-src 'self'")
    expect(directive('object-src')).toBe("object-src 'none'")
    expect(directive('frame-src')).toBe("frame-src 'none'")
    expect(directive('form-action')).toBe("form-action 'none'")
  })
})

describe('resolveRendererFile', () => {
  it('names the bundle’s files with their content type and folder-relative path', () => {
    expect(resolveRendererFile('/assets/index-3f2a.js', ROOT)).toEqual({
      path: path.join(ROOT, 'assets', 'index-3f2a.js'),
      relative: 'assets/index-3f2a.js',
      contentType: 'text/javascript; charset=utf-8',
    })
    expect(resolveRendererFile('/Logo.PNG', ROOT)?.contentType).toBe('image/png')
  })

  it('answers index.html for the root and for the UI’s pages', () => {
    for (const pathname of ['/', '', '/card/123', '/assets/']) {
      expect(resolveRendererFile(pathname, ROOT)).toMatchObject({
        path: path.join(ROOT, 'index.html'),
        relative: 'index.html',
        contentType: 'text/html; charset=utf-8',
      })
    }
  })

  it('names nothing outside the folder', () => {
    expect(resolveRendererFile('/../secret.json', ROOT)).toBeNull()
    expect(resolveRendererFile('/assets/../../kiosk.key.json', ROOT)).toBeNull()
    expect(resolveRendererFile('/../renderer-old/index.html', ROOT)).toBeNull()
    expect(resolveRendererFile('//etc/passwd.json', ROOT)?.path).toBe(
      path.join(ROOT, 'etc', 'passwd.json'),
    )
    expect(resolveRendererFile('/index.html\0.png', ROOT)).toBeNull()
  })

  it('names no file of a type the bundle does not ship', () => {
    expect(resolveRendererFile('/kiosk.db', ROOT)).toBeNull()
    expect(resolveRendererFile('/main.node', ROOT)).toBeNull()
    expect(resolveRendererFile('/secret.txt', ROOT)).toBeNull()
  })
})
