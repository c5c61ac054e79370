import { anyone, type Rule } from './rules.ts'

/** Pages and endpoints that need no account: joining, signing in, a pairing code. */
export const publicPolicies = {
  /** Storefront home, join, sign-in and password pages; staff sign-in pages; language. */
  'site.visit': anyone,
  /** An invitation link carries its own single-use token. */
  'invitation.accept': anyone,
  /** A kiosk exchanges a one-time pairing code: the code is the credential. */
  'kiosk.pairing.exchange': anyone,
} satisfies Record<string, Rule>
