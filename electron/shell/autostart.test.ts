import { describe, expect, it } from 'vitest'
import { windowsAutostart } from './autostart.ts'

const programFiles = ['C:\\Program Files', 'C:\\Program Files (x86)']

describe('windowsAutostart', () => {
  it('leaves a per-machine install to the installer’s all-users Run key', () => {
    const execPath = 'C:\\Program Files\\RewardFlow Kiosk\\RewardFlow Kiosk.exe'
    expect(windowsAutostart({ isPackaged: true, execPath, programFiles, env: {} })).toBe(
      'installer',
    )
    const lower = 'c:\\program files (x86)\\RewardFlow Kiosk\\RewardFlow Kiosk.exe'
    expect(windowsAutostart({ isPackaged: true, execPath: lower, programFiles, env: {} })).toBe(
      'installer',
    )
  })

  it('registers a login item for a copy installed elsewhere', () => {
    const execPath = 'C:\\Users\\kiosk\\AppData\\Local\\Programs\\RewardFlow\\RewardFlow.exe'
    expect(windowsAutostart({ isPackaged: true, execPath, programFiles, env: {} })).toBe(
      'login-item',
    )
    const lookalike = 'C:\\Program Files Evil\\RewardFlow.exe'
    expect(windowsAutostart({ isPackaged: true, execPath: lookalike, programFiles, env: {} })).toBe(
      'login-item',
    )
  })

  it('does nothing in development or when switched off', () => {
    const execPath = 'C:\\Users\\dev\\node_modules\\electron\\dist\\electron.exe'
    expect(windowsAutostart({ isPackaged: false, execPath, programFiles, env: {} })).toBe('none')
    expect(
      windowsAutostart({
        isPackaged: true,
        execPath,
        programFiles,
        env: { REWARDFLOW_AUTOSTART: '0' },
      }),
    ).toBe('none')
  })
})
