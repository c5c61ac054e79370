import { describe, expect, it } from 'vitest'
import { APP_ORIGIN, isTrustedUrl } from './is-trusted-url.ts'

const BUNDLE = 'file:///opt/RewardFlow/resources/app.asar/dist/renderer/'

describe('isTrustedUrl', () => {
  it('trusts the pages of the app origin', () => {
    expect(isTrustedUrl('app://rewardflow/index.html', APP_ORIGIN)).toBe(true)
    expect(isTrustedUrl('app://rewardflow/', APP_ORIGIN)).toBe(true)
    expect(isTrustedUrl('app://rewardflow/assets/index-3f2a.js?x=1#card', APP_ORIGIN)).toBe(true)
  })

  it('trusts file URLs inside the renderer bundle only', () => {
    expect(isTrustedUrl(`${BUNDLE}index.html`, BUNDLE)).toBe(true)
    expect(isTrustedUrl(`${BUNDLE}assets/app.js`, BUNDLE)).toBe(true)
    expect(isTrustedUrl('file:///etc/passwd', BUNDLE)).toBe(false)
    expect(
      isTrustedUrl('file:///opt/RewardFlow/resources/app.asar/dist/renderer-evil/x', BUNDLE),
    ).toBe(false)
    expect(
      isTrustedUrl('file://evil-host/opt/RewardFlow/resources/app.asar/dist/renderer/i', BUNDLE),
    ).toBe(false)
  })

  it('refuses script and data URLs', () => {
    expect(isTrustedUrl('javascript:alert(1)', APP_ORIGIN)).toBe(false)
    expect(isTrustedUrl('JaVaScRiPt:alert(1)', APP_ORIGIN)).toBe(false)
    expect(isTrustedUrl('data:text/html,<script>alert(1)</script>', APP_ORIGIN)).toBe(false)
    expect(isTrustedUrl('blob:app://rewardflow/1234', APP_ORIGIN)).toBe(false)
    expect(isTrustedUrl('about:blank', APP_ORIGIN)).toBe(false)
  })

  it('refuses other schemes, hosts and ports', () => {
    expect(isTrustedUrl('https://rewardflow/index.html', APP_ORIGIN)).toBe(false)
    expect(isTrustedUrl('http://localhost:5173/', APP_ORIGIN)).toBe(false)
    expect(isTrustedUrl('app://other/index.html', APP_ORIGIN)).toBe(false)
    expect(isTrustedUrl('app://rewardflow:8080/index.html', APP_ORIGIN)).toBe(false)
    expect(isTrustedUrl('file:///opt/RewardFlow/index.html', APP_ORIGIN)).toBe(false)
    expect(isTrustedUrl(`${BUNDLE}index.html`, APP_ORIGIN)).toBe(false)
  })

  it('refuses lookalike hosts', () => {
    expect(isTrustedUrl('app://rewardflow.evil.com/index.html', APP_ORIGIN)).toBe(false)
    expect(isTrustedUrl('app://rewardflow-evil/index.html', APP_ORIGIN)).toBe(false)
    expect(isTrustedUrl('app://evilrewardflow/index.html', APP_ORIGIN)).toBe(false)
    expect(isTrustedUrl('app://xn--rewardfow-7ib/index.html', APP_ORIGIN)).toBe(false)
  })

  it('refuses userinfo tricks', () => {
    expect(isTrustedUrl('app://rewardflow@evil.com/index.html', APP_ORIGIN)).toBe(false)
    expect(isTrustedUrl('app://user:pass@rewardflow/index.html', APP_ORIGIN)).toBe(false)
    expect(isTrustedUrl('app://rewardflow:@rewardflow/index.html', APP_ORIGIN)).toBe(false)
  })

  it('refuses path traversal, escaped or not', () => {
    expect(isTrustedUrl(`${BUNDLE}../../../../etc/passwd`, BUNDLE)).toBe(false)
    expect(isTrustedUrl(`${BUNDLE}%2e%2e/%2e%2e/secret`, BUNDLE)).toBe(false)
    expect(isTrustedUrl(`${BUNDLE}assets/..%2f..%2fsecret`, BUNDLE)).toBe(false)
    expect(isTrustedUrl(`${BUNDLE}assets\\..\\..\\secret`, BUNDLE)).toBe(false)
    expect(isTrustedUrl('app://rewardflow/assets/..%2f..%2fetc/passwd', APP_ORIGIN)).toBe(false)
    expect(isTrustedUrl('app://rewardflow/%2e%2e/%2e%2e/etc/passwd', APP_ORIGIN)).toBe(false)
    expect(isTrustedUrl('app://rewardflow/a%00.html', APP_ORIGIN)).toBe(false)
    expect(isTrustedUrl('app://rewardflow/%E0%A4%A', APP_ORIGIN)).toBe(false)
  })

  it('refuses what is not a URL', () => {
    expect(isTrustedUrl('', APP_ORIGIN)).toBe(false)
    expect(isTrustedUrl('index.html', APP_ORIGIN)).toBe(false)
    expect(isTrustedUrl('//rewardflow/index.html', APP_ORIGIN)).toBe(false)
    expect(isTrustedUrl('app://rewardflow/index.html', 'not a url')).toBe(false)
  })
})
