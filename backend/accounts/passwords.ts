import bcrypt from 'bcrypt'
import { randomBytes } from 'node:crypto'
import { availableParallelism } from 'node:os'
import { AppError } from '../errors.ts'

export const PASSWORD_MIN_LENGTH = 10
export const PASSWORD_MAX_LENGTH = 128
/** Below this bcrypt cost a hash is too cheap to brute-force offline. */
export const MIN_PASSWORD_COST = 10

/** Throws PASSWORD_TOO_SHORT / PASSWORD_TOO_LONG (lengths in characters, not UTF-16 units). */
export const checkPasswordPolicy = (password: string): void => {
  const length = [...password].length
  if (length < PASSWORD_MIN_LENGTH)
    throw new AppError('PASSWORD_TOO_SHORT', { min_length: PASSWORD_MIN_LENGTH })
  if (length > PASSWORD_MAX_LENGTH)
    throw new AppError('PASSWORD_TOO_LONG', { max_length: PASSWORD_MAX_LENGTH })
}

/**
 * How many bcrypt computations run at once: all cores but one, so that a burst of logins leaves
 * a core to the event loop and libuv's pool (4 threads) free for files, DNS and zlib
 * (docs/benchmarks.md, bench:login).
 */
const BCRYPT_AT_ONCE = Math.max(1, availableParallelism() - 1)
let running = 0
const waiting: (() => void)[] = []

const limited = async <T>(work: () => Promise<T>): Promise<T> => {
  if (running < BCRYPT_AT_ONCE) running++
  else await new Promise<void>((resolve) => waiting.push(resolve))
  try {
    return await work()
  } finally {
    const next = waiting.shift()
    if (next) next()
    else running--
  }
}

/**
 * bcrypt hash of a password (policy not checked here: see checkPasswordPolicy). bcrypt reads
 * the first 72 bytes only; a password that long is strong on its prefix alone. Native bcrypt
 * hashes and compares on libuv's thread pool, so a login never stalls the event loop
 * (bcryptjs, which the kiosk keeps, blocked it for up to 100 ms a slice: docs/benchmarks.md);
 * its `$2b$` hashes and bcryptjs's `$2a$`/`$2b$` ones check the same both ways.
 */
export const hashPassword = (password: string, cost: number): Promise<string> => {
  if (!Number.isInteger(cost) || cost < MIN_PASSWORD_COST)
    throw new Error(`bcrypt cost must be an integer >= ${MIN_PASSWORD_COST}`)
  return limited(() => bcrypt.hash(password, cost))
}

const dummyHashes = new Map<number, Promise<string>>()

/** A hash of a random password at `cost`, made once per process, for accounts that are not there. */
const dummyHash = (cost: number) => {
  let hash = dummyHashes.get(cost)
  if (!hash) {
    hash = hashPassword(randomBytes(16).toString('hex'), cost)
    dummyHashes.set(cost, hash)
  }
  return hash
}

/** Makes the dummy hash ahead of the first login, so that login is not slower than the rest. */
export const warmUpDummyHash = (cost: number) => {
  void dummyHash(cost)
}

/**
 * Checks a password against a stored hash. With no hash (unknown account, no password set) it
 * still runs one bcrypt comparison at `cost` against a dummy hash and answers false, so the
 * time taken does not tell whether the account exists.
 */
export const verifyPassword = async (
  password: string,
  hash: string | null | undefined,
  cost: number,
): Promise<boolean> => {
  if (!hash) {
    const dummy = await dummyHash(cost)
    await limited(() => bcrypt.compare(password, dummy))
    return false
  }
  return limited(() => bcrypt.compare(password, hash))
}

/** True when a stored hash is cheaper than the current cost (it is upgraded at the next login). */
export const needsRehash = (hash: string, cost: number): boolean => {
  try {
    return bcrypt.getRounds(hash) < cost
  } catch {
    return true
  }
}
