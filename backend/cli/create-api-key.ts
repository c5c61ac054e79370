import { runWithDatabase } from './run-with-database.ts'
import { parseArgs } from 'node:util'
import { createApiKey } from '../api-keys/api-keys.ts'
import { systemActor } from '../auth/actor.ts'

// npm run apikey:create -- --merchant fashion-group --name "Till integration"
const { values } = parseArgs({
  options: { merchant: { type: 'string' }, name: { type: 'string', default: 'API key' } },
})
if (!values.merchant) {
  console.error('Usage: npm run apikey:create -- --merchant <merchant slug> [--name <label>]')
  process.exit(2)
}
await runWithDatabase(async (db) => {
  const merchant = await db.knex('merchants').where('slug', values.merchant).first('id', 'name')
  if (!merchant) {
    console.error(`No merchant with slug "${values.merchant}".`)
    process.exitCode = 1
  } else {
    const key = await createApiKey(db.knex, {
      merchantId: merchant.id,
      name: values.name,
      actor: systemActor(merchant.id, 'cli'),
    })
    console.log(`API key for ${merchant.name} ("${key.name}"). It is shown once; store it now:`)
    console.log(key.token)
  }
})
