import { runWithDatabase } from './run-with-database.ts'
import { formatPairingCode } from '../../shared/schemas/kiosk-api.ts'
import { parseArgs } from 'node:util'
import qrcode from 'qrcode-terminal'
import { systemActor } from '../auth/actor.ts'
import { createKioskPairing, PAIRING_CODE_TTL_MINUTES } from '../kiosks/commands/create-kiosk.ts'

// npm run kiosk:pair -- --store FASHIONHUB [--name "Till 2"]
// Creates a kiosk for the store and prints its one-time pairing code and a terminal QR.
const { values } = parseArgs({
  options: { store: { type: 'string' }, name: { type: 'string', default: 'Kiosk' } },
})
if (!values.store) {
  console.error('Usage: npm run kiosk:pair -- --store <STORE CODE> [--name <name>]')
  process.exit(2)
}
const requestedStore = values.store
await runWithDatabase(async (db, { config }) => {
  const storeCode = requestedStore.toUpperCase()
  const store = await db.knex('stores').where('code', storeCode).first('merchant_id')
  if (!store) {
    console.error(`No store with code ${storeCode}.`)
    process.exitCode = 1
  } else {
    const pairing = await createKioskPairing(db.knex, {
      merchantId: store.merchant_id,
      storeCode,
      name: values.name,
      baseUrl: config.baseUrl,
      actor: systemActor(store.merchant_id, 'cli'),
    })
    console.log(
      `Kiosk "${values.name}" for ${storeCode}. Pairing code (valid ${PAIRING_CODE_TTL_MINUTES} minutes, once):\n`,
    )
    console.log(`    ${formatPairingCode(pairing.code)}\n`)
    qrcode.generate(pairing.qrPayload, { small: true }, (art: string) => console.log(art))
    console.log(pairing.qrPayload)
  }
})
