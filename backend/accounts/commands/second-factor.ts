import type { Knex } from 'knex'
import { AppError } from '../../errors.ts'
import { recordAudit } from '../../audit/record-audit.ts'
import { merchantUserActor, platformAdminActor } from '../../auth/actor.ts'
import { clearRateLimit, hitRateLimit } from '../../security/rate-limit.ts'
import { matchTotp, newTotpSecret, otpauthUrl } from '../../security/totp.ts'
import {
  hashRecoveryCode,
  newRecoveryCode,
  openTotpSecret,
  RECOVERY_CODE_COUNT,
  sealTotpSecret,
  STAFF_TABLE,
  staffSubject,
  type StaffAccountRef,
} from '../second-factor.ts'
import type { WebAuthSettings } from '../settings.ts'

/** The name authenticator apps list the account under. */
export const TOTP_ISSUER = 'RewardFlow'

const actorOf = (account: StaffAccountRef) =>
  account.audience === 'admin'
    ? platformAdminActor(account.id)
    : merchantUserActor(account.merchantId, account.id)

const merchantOf = (account: StaffAccountRef) =>
  account.audience === 'merchant' ? account.merchantId : null

const limitKey = (account: StaffAccountRef) => `${account.audience}:${account.id}`

/** Counts one code attempt of the account: RATE_LIMITED beyond the limit (root Knex only). */
const countAttempt = async (db: Knex, account: StaffAccountRef, settings: WebAuthSettings) => {
  if (db.isTransaction)
    throw new Error('check codes with the root Knex: failed attempts must stay counted')
  await hitRateLimit(db, settings.limits.secondFactorPerAccount, limitKey(account))
}

/**
 * The secret to enrol (shown as a QR code and for typing in): the account's pending one, or a
 * new one kept (encrypted) until a first code confirms it. Not for an account already enrolled.
 */
export const beginTotpEnrolment = async (
  db: Knex,
  props: { account: StaffAccountRef; email: string; key: Buffer },
): Promise<{ secret: string; otpauthUrl: string }> => {
  const table = STAFF_TABLE[props.account.audience]
  const row = await db(table).where('id', props.account.id).first('totp_pending_secret')
  let secret = row?.totp_pending_secret ? openTotpSecret(row.totp_pending_secret, props.key) : null
  if (!secret) {
    secret = newTotpSecret()
    await db(table)
      .where('id', props.account.id)
      .update({ totp_pending_secret: sealTotpSecret(secret, props.key) })
  }
  return {
    secret,
    otpauthUrl: otpauthUrl({ secret, issuer: TOTP_ISSUER, account: props.email }),
  }
}

/**
 * Confirms the pending secret with a code from the app: the second factor is on from now, the
 * code's time step is spent, and RECOVERY_CODE_COUNT new recovery codes replace any older ones.
 * They are returned once, here, and stored only hashed. Audited `second_factor.enable`.
 */
export const confirmTotpEnrolment = async (
  db: Knex,
  props: { account: StaffAccountRef; code: string; key: Buffer; settings: WebAuthSettings },
): Promise<{ recoveryCodes: string[] }> => {
  const { account } = props
  await countAttempt(db, account, props.settings)
  const table = STAFF_TABLE[account.audience]
  const row = await db(table).where('id', account.id).first('totp_pending_secret')
  if (!row?.totp_pending_secret) throw new AppError('SECOND_FACTOR_INVALID')
  const secret = openTotpSecret(row.totp_pending_secret, props.key)
  const step = matchTotp(secret, props.code.replace(/\s/g, ''), { lastStep: null })
  if (step === null) throw new AppError('SECOND_FACTOR_INVALID')
  const recoveryCodes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode)
  await db.transaction(async (trx) => {
    const enabled = await trx(table)
      .where({ id: account.id, totp_pending_secret: row.totp_pending_secret })
      .update({
        totp_secret: row.totp_pending_secret,
        totp_pending_secret: null,
        totp_last_step: step,
        totp_enabled_at: trx.fn.now(),
        updated_at: trx.fn.now(),
      })
    if (!enabled) throw new AppError('SECOND_FACTOR_INVALID')
    await trx('recovery_codes').where(staffSubject(account)).delete()
    await trx('recovery_codes').insert(
      recoveryCodes.map((code) => ({
        ...staffSubject(account),
        code_hash: hashRecoveryCode(code),
      })),
    )
    await recordAudit(trx, {
      actor: actorOf(account),
      merchantId: merchantOf(account),
      action: 'second_factor.enable',
      subjectType: account.audience === 'admin' ? 'platform_admin' : 'merchant_user',
      subjectId: account.id,
      data: { before: { second_factor: false }, after: { second_factor: true } },
    })
  })
  await clearRateLimit(db, props.settings.limits.secondFactorPerAccount, limitKey(account))
  return { recoveryCodes }
}

/**
 * Checks a code of the account's second factor: the current TOTP code (or one step either
 * side) whose time step is later than the last one accepted — the step is spent in the same
 * statement, so a code works once even when sent twice at once — or an unused recovery code,
 * spent. Every attempt counts against secondFactorPerAccount (RATE_LIMITED beyond); a wrong or
 * spent code is SECOND_FACTOR_INVALID.
 */
export const verifySecondFactor = async (
  db: Knex,
  props: { account: StaffAccountRef; code: string; key: Buffer; settings: WebAuthSettings },
): Promise<'totp' | 'recovery_code'> => {
  const { account } = props
  await countAttempt(db, account, props.settings)
  const table = STAFF_TABLE[account.audience]
  const row = await db(table).where('id', account.id).first('totp_secret', 'totp_last_step')
  if (!row?.totp_secret) throw new AppError('SECOND_FACTOR_INVALID')
  const code = props.code.trim()
  let used: 'totp' | 'recovery_code' | null = null
  if (/^\d{3}\s?\d{3}$/.test(code)) {
    const lastStep = row.totp_last_step === null ? null : Number(row.totp_last_step)
    const secret = openTotpSecret(row.totp_secret, props.key)
    const step = matchTotp(secret, code.replace(/\s/g, ''), { lastStep })
    if (step !== null) {
      const spent = await db(table)
        .where('id', account.id)
        .where((q) => q.whereNull('totp_last_step').orWhere('totp_last_step', '<', step))
        .update({ totp_last_step: step })
      if (spent) used = 'totp'
    }
  } else if (code) {
    const spent = await db('recovery_codes')
      .where({ ...staffSubject(account), code_hash: hashRecoveryCode(code) })
      .whereNull('used_at')
      .update({ used_at: db.fn.now() })
    if (spent) used = 'recovery_code'
  }
  if (!used) throw new AppError('SECOND_FACTOR_INVALID')
  await clearRateLimit(db, props.settings.limits.secondFactorPerAccount, limitKey(account))
  return used
}

/**
 * A merchant user turns their second factor off, proving it with a current code: the secret
 * and the recovery codes are deleted, audited `second_factor.disable`. Admins cannot: for them
 * it is not optional.
 */
export const disableSecondFactor = async (
  db: Knex,
  props: {
    account: Extract<StaffAccountRef, { audience: 'merchant' }>
    code: string
    key: Buffer
    settings: WebAuthSettings
  },
): Promise<void> => {
  const { account } = props
  await verifySecondFactor(db, props)
  await db.transaction(async (trx) => {
    await trx('merchant_users').where('id', account.id).update({
      totp_secret: null,
      totp_pending_secret: null,
      totp_last_step: null,
      totp_enabled_at: null,
      updated_at: trx.fn.now(),
    })
    await trx('recovery_codes').where(staffSubject(account)).delete()
    await recordAudit(trx, {
      actor: actorOf(account),
      merchantId: account.merchantId,
      action: 'second_factor.disable',
      subjectType: 'merchant_user',
      subjectId: account.id,
      data: { before: { second_factor: true }, after: { second_factor: false } },
    })
  })
}
