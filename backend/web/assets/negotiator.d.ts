// The part of negotiator 1 that serve-assets.ts uses. @types/negotiator (0.6) predates the
// `preferred` option, which breaks a tie of q-values in the server's order.
declare module 'negotiator' {
  export default class Negotiator {
    constructor(request: { headers: Record<string, string | string[] | undefined> })
    /** The acceptable encodings of `available`, best first (q-value, then `preferred`). */
    encodings(available: readonly string[], options?: { preferred?: readonly string[] }): string[]
  }
}
