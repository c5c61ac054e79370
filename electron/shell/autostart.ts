import path from 'node:path'

// How the kiosk starts at login on Windows. The NSIS installer (per machine) writes the
// all-users Run key itself (installers/windows/installer.nsh); a per-user login item on top
// would start it twice. A copy that was not installed per machine registers itself for the
// user. Linux starts it from the .desktop file in /etc/xdg/autostart (see docs/installers.md).
// No electron import; autostart.test.ts checks it.

export type WindowsAutostart = 'installer' | 'login-item' | 'none'

export const windowsAutostart = (facts: {
  isPackaged: boolean
  execPath: string
  /** %ProgramFiles% and %ProgramFiles(x86)% */
  programFiles: (string | undefined)[]
  env: Record<string, string | undefined>
}): WindowsAutostart => {
  if (!facts.isPackaged || facts.env.REWARDFLOW_AUTOSTART === '0') return 'none'
  const exe = path.win32.resolve(facts.execPath).toLowerCase()
  const perMachine = facts.programFiles.some(
    (dir) => dir && exe.startsWith(path.win32.resolve(dir).toLowerCase() + path.win32.sep),
  )
  return perMachine ? 'installer' : 'login-item'
}
