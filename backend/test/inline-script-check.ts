// What a page would need 'unsafe-inline' (or another exception) for, under the CSP of
// http/security-headers.ts: a <script> without src, a <script> or module preload without this
// response's nonce, an event handler attribute (onclick=…), a javascript: URL. Used by the
// header test over every page and by e2e/csp.spec.ts.

/** The nonce of a response's Content-Security-Policy header (null when there is none). */
export const nonceOf = (csp: string | null): string | null =>
  /'nonce-([A-Za-z0-9+/=]+)'/.exec(csp ?? '')?.[1] ?? null

const attribute = (tag: string, name: string) =>
  new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i')
    .exec(tag)
    ?.slice(1)
    .find((v) => v !== undefined) ?? null

/** Every problem of `html` under a policy with script nonce `nonce`, each with its tag. */
export const inlineScriptProblems = (html: string, nonce: string | null): string[] => {
  const problems: string[] = []
  for (const match of html.matchAll(/<script\b[^>]*>/gi)) {
    const tag = match[0]
    if (attribute(tag, 'src') === null) problems.push(`inline script: ${tag}`)
    if (!nonce || attribute(tag, 'nonce') !== nonce) problems.push(`script without nonce: ${tag}`)
  }
  for (const match of html.matchAll(/<link\b[^>]*>/gi)) {
    const tag = match[0]
    if (/\srel\s*=\s*["']?modulepreload/i.test(tag) && attribute(tag, 'nonce') !== nonce)
      problems.push(`module preload without nonce: ${tag}`)
  }
  // Event handler attributes inside tags (text between tags is escaped by React).
  for (const match of html.matchAll(/<[a-z][^>]*\son[a-z]+\s*=[^>]*>/gi))
    problems.push(`event handler attribute: ${match[0].slice(0, 120)}`)
  for (const match of html.matchAll(/\s(?:href|src|action|formaction)\s*=\s*["']?\s*javascript:/gi))
    problems.push(`javascript: URL: ${match[0]}`)
  return problems
}
