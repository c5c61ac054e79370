// A checker for udev rule files (udev(7)): the syntax udev accepts, so a typo in the scanner rule
// is caught here rather than silently ignored on a kiosk. `udevadm verify` does this from systemd
// 253 on; the build machines have older systemd.

export type UdevRule = { line: number; matches: string[]; assignments: string[] }
export type UdevCheck = { rules: UdevRule[]; errors: string[] }

const MATCH_KEYS = new Set([
  'ACTION',
  'DEVPATH',
  'KERNEL',
  'KERNELS',
  'NAME',
  'SYMLINK',
  'SUBSYSTEM',
  'SUBSYSTEMS',
  'DRIVER',
  'DRIVERS',
  'ATTR',
  'ATTRS',
  'SYSCTL',
  'ENV',
  'CONST',
  'TAG',
  'TAGS',
  'TEST',
  'PROGRAM',
  'RESULT',
])
const ASSIGN_KEYS = new Set([
  'NAME',
  'SYMLINK',
  'OWNER',
  'GROUP',
  'MODE',
  'SECLABEL',
  'ATTR',
  'SYSCTL',
  'ENV',
  'TAG',
  'RUN',
  'LABEL',
  'GOTO',
  'IMPORT',
  'OPTIONS',
])
// Keys that take an {argument}: ATTR{idVendor}, ENV{ID_BUS} …
const WITH_ARGUMENT = new Set([
  'ATTR',
  'ATTRS',
  'SYSCTL',
  'ENV',
  'TEST',
  'RUN',
  'IMPORT',
  'SECLABEL',
  'CONST',
])

const PAIR = /^([A-Z]+)(?:\{([^}]+)\})?\s*(==|!=|\+=|-=|:=|=)\s*"((?:[^"\\]|\\.)*)"\s*(?:,\s*|$)/

export const checkUdevRules = (text: string): UdevCheck => {
  const rules: UdevRule[] = []
  const errors: string[] = []
  // Lines ending in a backslash continue on the next one.
  const lines = text.replace(/\\\n/g, ' ').split('\n')
  lines.forEach((raw, index) => {
    const line = index + 1
    const body = raw.trim()
    if (body === '' || body.startsWith('#')) return
    const rule: UdevRule = { line, matches: [], assignments: [] }
    let rest = body
    while (rest.length > 0) {
      const pair = PAIR.exec(rest)
      if (!pair) {
        errors.push(`line ${line}: cannot read "${rest.slice(0, 40)}"`)
        return
      }
      const [whole, key = '', argument, operator = '', value = ''] = pair
      const isMatch = operator === '==' || operator === '!='
      if (isMatch ? !MATCH_KEYS.has(key) : !ASSIGN_KEYS.has(key)) {
        errors.push(`line ${line}: ${key} cannot be used with ${operator}`)
      }
      if (WITH_ARGUMENT.has(key) !== (argument !== undefined)) {
        errors.push(
          `line ${line}: ${key} ${argument === undefined ? 'needs' : 'takes no'} {argument}`,
        )
      }
      if (key === 'MODE' && !/^0?[0-7]{3}$/.test(value)) {
        errors.push(`line ${line}: MODE "${value}" is not an octal mode`)
      }
      if ((argument === 'idVendor' || argument === 'idProduct') && !/^[0-9a-f]{4}$/.test(value)) {
        errors.push(`line ${line}: ${argument} "${value}" is not four lowercase hex digits`)
      }
      ;(isMatch ? rule.matches : rule.assignments).push(
        `${key}${argument ? `{${argument}}` : ''}${operator}"${value}"`,
      )
      rest = rest.slice(whole.length)
    }
    if (rule.matches.length === 0)
      errors.push(`line ${line}: a rule without a match applies to every device`)
    if (rule.assignments.length === 0)
      errors.push(`line ${line}: a rule without an assignment does nothing`)
    rules.push(rule)
  })
  return { rules, errors }
}
