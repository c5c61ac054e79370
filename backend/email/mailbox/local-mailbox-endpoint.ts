/** Where this process's local mailbox listens (the embedded default), or null when none runs. */
export type LocalMailboxEndpoint = { host: string; port: number }

let running: LocalMailboxEndpoint | null = null

/** The local mailbox of this process, if one runs (effectiveSmtpConfig points the sender at it). */
export const runningLocalMailbox = (): LocalMailboxEndpoint | null => running

/** Records the local mailbox this process runs (null when it stops). */
export const setRunningLocalMailbox = (endpoint: LocalMailboxEndpoint | null) => {
  running = endpoint
}
