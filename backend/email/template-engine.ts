// A logic-light template language for admin-editable emails, with nothing to execute:
//   {{name}}                      a declared variable (HTML-escaped in HTML, as-is in text)
//   {{#if name}} … {{else}} … {{/if}}   shown when the variable is truthy (else part optional)
// Anything else between {{ and }} is refused, and so is a variable the template's code does not
// declare: a typo or a stale variable fails when the template is checked, never at a customer.

export type TemplateValue = string | number | boolean

export type TemplateProblem =
  | { kind: 'syntax'; message: string; offset: number }
  | { kind: 'unknown_variable'; name: string; offset: number }

export class EmailTemplateError extends Error {
  constructor(readonly problems: TemplateProblem[]) {
    super(
      `Invalid email template: ${problems
        .map((p) => (p.kind === 'syntax' ? p.message : `unknown variable {{${p.name}}}`))
        .join('; ')}`,
    )
    this.name = 'EmailTemplateError'
  }
}

type Node =
  | { kind: 'text'; text: string }
  | { kind: 'variable'; name: string }
  | { kind: 'if'; name: string; then: Node[]; otherwise: Node[] }

const NAME = '[a-z][a-z0-9_]*'
const TAG = new RegExp(`^\\{\\{\\s*(?:(else)|/(if)|#if\\s+(${NAME})|(${NAME}))\\s*\\}\\}$`)

type Frame = { name: string | null; then: Node[]; otherwise: Node[]; inElse: boolean; at: number }

/** Parses a template; returns its tree and every problem found (unknown names are not checked here). */
const parse = (
  source: string,
): { nodes: Node[]; problems: TemplateProblem[]; names: Map<string, number> } => {
  const problems: TemplateProblem[] = []
  const names = new Map<string, number>()
  const root: Frame = { name: null, then: [], otherwise: [], inElse: false, at: 0 }
  const stack: Frame[] = [root]
  const top = () => stack[stack.length - 1]!
  const emit = (node: Node) => {
    const frame = top()
    ;(frame.inElse ? frame.otherwise : frame.then).push(node)
  }
  let cursor = 0
  while (cursor < source.length) {
    const open = source.indexOf('{{', cursor)
    if (open === -1) {
      emit({ kind: 'text', text: source.slice(cursor) })
      break
    }
    if (open > cursor) emit({ kind: 'text', text: source.slice(cursor, open) })
    const close = source.indexOf('}}', open + 2)
    if (close === -1) {
      problems.push({ kind: 'syntax', message: 'a {{ is never closed', offset: open })
      break
    }
    const tag = source.slice(open, close + 2)
    cursor = close + 2
    const match = TAG.exec(tag)
    if (!match || tag.startsWith('{{{')) {
      problems.push({ kind: 'syntax', message: `${tag} is not a variable or an #if`, offset: open })
      continue
    }
    const [, isElse, isEnd, condition, variable] = match
    if (variable) {
      if (!names.has(variable)) names.set(variable, open)
      emit({ kind: 'variable', name: variable })
    } else if (condition) {
      if (!names.has(condition)) names.set(condition, open)
      stack.push({ name: condition, then: [], otherwise: [], inElse: false, at: open })
    } else if (isElse) {
      const frame = top()
      if (frame === root || frame.inElse)
        problems.push({ kind: 'syntax', message: '{{else}} outside an {{#if}}', offset: open })
      else frame.inElse = true
    } else if (isEnd) {
      const frame = top()
      if (frame === root) {
        problems.push({ kind: 'syntax', message: '{{/if}} without an {{#if}}', offset: open })
        continue
      }
      stack.pop()
      emit({ kind: 'if', name: frame.name!, then: frame.then, otherwise: frame.otherwise })
    }
  }
  for (const frame of stack.slice(1))
    problems.push({
      kind: 'syntax',
      message: `{{#if ${frame.name}}} is never closed`,
      offset: frame.at,
    })
  return { nodes: root.then, problems, names }
}

/** The problems of a parsed template: its own, and the names outside `declared`. */
const problemsOf = (
  { problems, names }: ReturnType<typeof parse>,
  declared: readonly string[],
): TemplateProblem[] => {
  const allowed = new Set(declared)
  const unknown = [...names]
    .filter(([name]) => !allowed.has(name))
    .map(([name, offset]): TemplateProblem => ({ kind: 'unknown_variable', name, offset }))
  return [...problems, ...unknown]
}

/** The problems of one template text against the variables its code declares (empty: valid). */
export const checkTemplate = (source: string, declared: readonly string[]): TemplateProblem[] =>
  problemsOf(parse(source), declared)

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;',
  )

const truthy = (value: TemplateValue | undefined) =>
  value !== undefined && value !== false && value !== 0 && value !== ''

/**
 * Renders a template with `values` (only own properties of the object are read). `mode: 'html'`
 * escapes every value; `'text'` writes it as it is. Throws EmailTemplateError when the template
 * is invalid, uses a variable outside `declared`, or uses one that `values` lacks.
 */
export const renderTemplate = (
  source: string,
  values: Readonly<Record<string, TemplateValue>>,
  options: { declared: readonly string[]; mode: 'html' | 'text' },
): string => {
  const parsed = parse(source)
  const problems = problemsOf(parsed, options.declared)
  if (problems.length > 0) throw new EmailTemplateError(problems)
  const { nodes } = parsed
  const value = (name: string): TemplateValue | undefined =>
    Object.hasOwn(values, name) ? values[name] : undefined
  const write = (list: Node[]): string =>
    list
      .map((node) => {
        if (node.kind === 'text') return node.text
        if (node.kind === 'if') return write(truthy(value(node.name)) ? node.then : node.otherwise)
        const v = value(node.name)
        if (v === undefined)
          throw new EmailTemplateError([
            { kind: 'syntax', message: `no value for {{${node.name}}}`, offset: 0 },
          ])
        return options.mode === 'html' ? escapeHtml(String(v)) : String(v)
      })
      .join('')
  return write(nodes)
}
