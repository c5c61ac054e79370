import { loadMerchantKioskSettings } from '../kiosks/merchant-settings.ts'
import type { Knex } from 'knex'
import { z } from 'zod'
import { WEAK_PIN_REASONS } from '../../shared/staff-pin.ts'
import { translator } from '../i18n/i18n.ts'
import { merchantScope } from '../policies/scope.ts'
import { formError, invalidFieldErrors, isErrorOf } from '../web/pages/form-errors.ts'
import type { FieldErrors } from '../web/pages/form.tsx'
import { pageList } from '../web/pages/page-route.ts'
import { sendPage, seeOther, type PageCtx } from '../web/pages/page.tsx'
import { formBody, parseForm } from '../web/pages/query.ts'
import type { AppError } from '../errors.ts'
import { reachableCashier } from '../kiosks/cashier-reach.ts'
import { CASHIER_NAME_MAX_LENGTH, createStaff } from '../kiosks/commands/create-staff.ts'
import { setStaffActive } from '../kiosks/commands/set-staff-active.ts'
import { setStaffPin } from '../kiosks/commands/set-staff-pin.ts'
import { unlockStaffPin } from '../kiosks/commands/unlock-staff-pin.ts'
import { recordedActor } from '../policies/principal.ts'
import { loadStaffPage } from './queries/staff.ts'
import {
  MerchantStaffPage,
  STAFF_DONE,
  type ConflictState,
  type CreateFormState,
  type PinFormState,
  type StaffDone,
} from './views/staff-page.tsx'

/** Each field's problem in the page's language (VALIDATION_FAILED fields: name, stores, pin). */
const fieldErrors = (
  ctx: PageCtx,
  error: AppError<'VALIDATION_FAILED'>,
  pinLength: number,
): FieldErrors => {
  const t = translator(ctx.state.language, 'merchant')
  return invalidFieldErrors(error, ['name', 'stores', 'pin'] as const, (field, code) => {
    if (field === 'name') return t('staff.errors.name', { max: CASHIER_NAME_MAX_LENGTH })
    if (field === 'stores') return t('staff.errors.stores')
    const reason = WEAK_PIN_REASONS.find((r) => r === code)
    return reason
      ? t(`staff.errors.pin_${reason}`)
      : t('staff.errors.pin_invalid_format', { length: pinLength })
  })
}

/** A deactivation: the cashier and the version their row showed (hidden fields; tampered: 422). */
const DeactivateForm = z.object({
  staff: z.string().default(''),
  version: z.coerce.number().int().positive(),
})

/**
 * The staff page on the merchant router (docs/architecture.md, Kiosks): GET /merchant/staff
 * lists the cashiers of the user's scope with their stores, PIN state and the failed PINs that
 * count (kiosk, time); POST /merchant/staff creates one; POST …/pin, …/unlock and …/deactivate
 * act on one (the cashier's id in the form's `staff` field; out of reach is NOT_FOUND). A
 * refused form comes back with each field's problem and what was typed (never the PIN).
 */
export const staffPages = (db: Knex) => {
  const pages = pageList()
  const page = async (
    ctx: PageCtx,
    extra: {
      create?: CreateFormState
      pin?: PinFormState
      conflict?: ConflictState
      status?: number
    } = {},
  ) => {
    const data = await loadStaffPage(db, merchantScope(ctx.state.principal!))
    const done = STAFF_DONE.find((d) => d === ctx.query.done) as StaffDone | undefined
    sendPage(
      ctx,
      'merchant',
      <MerchantStaffPage
        {...data}
        user={ctx.state.merchantUser!}
        create={extra.create}
        pin={extra.pin}
        conflict={extra.conflict}
        done={extra.status ? undefined : done}
      />,
      { status: extra.status ?? 200 },
    )
  }
  const done = (ctx: PageCtx, what: StaffDone) =>
    seeOther(ctx, ctx.state.urls.path('merchantStaff', null, { done: what }))

  pages.get('merchantStaff', 'staff.read', (ctx) => page(ctx))

  pages.post('merchantStaff', 'staff.create', async (ctx) => {
    const form = ctx.request.body as Record<string, string | string[] | undefined>
    const stores = Array.isArray(form.stores) ? form.stores : form.stores ? [form.stores] : []
    try {
      await createStaff(db, {
        ...merchantScope(ctx.state.principal!),
        name: typeof form.name === 'string' ? form.name : '',
        storeCodes: stores,
        pin: typeof form.pin === 'string' ? form.pin : '',
        actor: recordedActor(ctx.state.principal!),
      })
      done(ctx, 'created')
    } catch (error) {
      if (!isErrorOf(error, ['VALIDATION_FAILED'] as const)) throw error
      const { pin_length: pinLength } = await loadMerchantKioskSettings(
        db,
        merchantScope(ctx.state.principal!).merchantId,
      )
      await page(ctx, {
        create: {
          name: typeof form.name === 'string' ? form.name : '',
          stores,
          errors: fieldErrors(ctx, error, pinLength),
        },
        status: 422,
      })
    }
  })

  pages.post('merchantStaffPin', 'staff.pin.set', async (ctx) => {
    const form = formBody(ctx)
    const staffId = form.staff ?? ''
    try {
      const staff = await reachableCashier(db, ctx.state.principal!, 'staff.pin.set', staffId)
      await setStaffPin(db, {
        ...staff,
        pin: form.pin ?? '',
        actor: recordedActor(ctx.state.principal!),
      })
      done(ctx, 'pin')
    } catch (error) {
      if (!isErrorOf(error, ['VALIDATION_FAILED'] as const)) throw error
      const { pin_length: pinLength } = await loadMerchantKioskSettings(
        db,
        merchantScope(ctx.state.principal!).merchantId,
      )
      await page(ctx, { pin: { staffId, errors: fieldErrors(ctx, error, pinLength) }, status: 422 })
    }
  })

  pages.post('merchantStaffUnlock', 'staff.pin.unlock', async (ctx) => {
    const principal = ctx.state.principal!
    const staff = await reachableCashier(
      db,
      principal,
      'staff.pin.unlock',
      formBody(ctx).staff ?? '',
    )
    await unlockStaffPin(db, { ...staff, actor: recordedActor(principal) })
    done(ctx, 'unlocked')
  })

  pages.post('merchantStaffDeactivate', 'staff.update', async (ctx) => {
    const principal = ctx.state.principal!
    const form = parseForm(DeactivateForm, formBody(ctx))
    const staff = await reachableCashier(db, principal, 'staff.update', form.staff)
    try {
      await setStaffActive(db, {
        ...staff,
        version: form.version,
        active: false,
        actor: recordedActor(principal),
      })
    } catch (error) {
      if (!isErrorOf(error, ['EDIT_CONFLICT'] as const)) throw error
      // The page as it is now, with the message at the cashier's row.
      const conflict = { staffId: staff.staffId, message: formError(ctx, error) }
      return page(ctx, { conflict, status: error.status })
    }
    done(ctx, 'deactivated')
  })
  return pages.routes
}
