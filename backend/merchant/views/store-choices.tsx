import { usePage } from '../../web/pages/page.tsx'
import { SelectField, type FieldErrors } from '../../web/pages/form.tsx'
import type { PairableStore } from '../queries/kiosks.ts'

/**
 * A back-office user's access, as the invitation and team forms ask it: the role (owner or
 * manager) and, for a manager, the stores they are limited to (none ticked: the whole
 * merchant). `idPrefix` keeps the ids of several such forms on one page apart.
 */
export const AccessFields = (props: {
  idPrefix: string
  stores: PairableStore[]
  role: string
  storeIds: readonly string[]
  errors?: FieldErrors
}) => {
  const { t } = usePage()
  const { idPrefix, errors } = props
  const chosen = new Set(props.storeIds)
  const storesError = errors?.stores
  const errorId = `${idPrefix}stores-error`
  return (
    <>
      <SelectField
        id={`${idPrefix}role`}
        name="role"
        label={t('team.role')}
        value={props.role}
        options={[
          { value: 'manager', label: t('account.manager') },
          { value: 'owner', label: t('account.owner') },
        ]}
        hint={t('team.role_hint')}
        errors={errors}
      />
      {props.stores.length > 0 ? (
        <fieldset className="field" aria-describedby={storesError ? errorId : undefined}>
          <legend className="field__label">{t('team.stores')}</legend>
          <p className="field__hint">{t('team.stores_hint')}</p>
          {props.stores.map((store) => {
            const id = `${idPrefix}stores-${store.code}`
            return (
              <label className="choice" key={store.id} htmlFor={id}>
                <input
                  className="choice__input"
                  type="checkbox"
                  id={id}
                  name="stores"
                  value={store.id}
                  defaultChecked={chosen.has(store.id)}
                  aria-invalid={storesError ? true : undefined}
                />{' '}
                <span className="choice__label">{store.name}</span>
              </label>
            )
          })}
          {storesError ? (
            <p className="field__error" id={errorId}>
              {storesError}
            </p>
          ) : null}
        </fieldset>
      ) : null}
    </>
  )
}
