import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { PNG } from 'pngjs'
import { afterEach, describe, expect, it } from 'vitest'
import { ICON_DIR, iconProblem, pngSize } from './icon.ts'

const scratch: string[] = []
const copyOfIcons = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'rewardflow-icon-'))
  scratch.push(dir)
  for (const name of ['icon.svg', 'icon.png', 'icon.json'])
    copyFileSync(path.join(ICON_DIR, name), path.join(dir, name))
  return dir
}
afterEach(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true })
})

describe('the kiosk app icon', () => {
  it('is a 1024 px PNG rendered from the current icon.svg', () => {
    expect(iconProblem(ICON_DIR)).toBeNull()
    expect(pngSize(readFileSync(path.join(ICON_DIR, 'icon.png')))).toEqual({
      width: 1024,
      height: 1024,
    })
  })

  it('has transparent corners around an opaque tile', () => {
    const image = PNG.sync.read(readFileSync(path.join(ICON_DIR, 'icon.png')))
    const alpha = (x: number, y: number) => image.data[(y * image.width + x) * 4 + 3]
    for (const [x, y] of [
      [4, 4],
      [1019, 4],
      [4, 1019],
      [1019, 1019],
    ] as const)
      expect(alpha(x, y), `${x},${y}`).toBe(0)
    expect(alpha(512, 512)).toBe(255)
    expect(alpha(100, 512)).toBe(255)
  })

  it('is refused when the SVG changed since the PNG was rendered, or the PNG is wrong', () => {
    const stale = copyOfIcons()
    writeFileSync(
      path.join(stale, 'icon.svg'),
      readFileSync(path.join(stale, 'icon.svg'), 'utf8').replace('#2a6fd6', '#ff0000'),
    )
    expect(iconProblem(stale)).toMatch(/not rendered from the current icon\.svg/)

    const small = copyOfIcons()
    const png = new PNG({ width: 256, height: 128 })
    writeFileSync(path.join(small, 'icon.png'), PNG.sync.write(png))
    expect(iconProblem(small)).toMatch(/256 × 128: it must be square and at least 512 px/)

    const notPng = copyOfIcons()
    writeFileSync(path.join(notPng, 'icon.png'), '<svg/>')
    expect(iconProblem(notPng)).toBe('icon.png is not a PNG')

    const missing = copyOfIcons()
    rmSync(path.join(missing, 'icon.png'))
    expect(iconProblem(missing)).toMatch(/no icon\.png/)
  })
})
