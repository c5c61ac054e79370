import bcrypt from 'bcrypt'

/** bcrypt cost of staff PINs: kiosks check them offline too, on modest hardware. */
const PIN_HASH_COST = 10

/** The bcrypt hash a staff PIN is kept as (never the PIN itself). */
export const hashPin = (pin: string): Promise<string> => bcrypt.hash(pin, PIN_HASH_COST)
