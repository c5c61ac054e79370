import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Knex } from 'knex'
import { systemActor } from '../auth/actor.ts'
import { createKioskPairing } from './commands/create-kiosk.ts'
import { DEMO } from '../seed/demo-seed.ts'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
/** The kiosk web host's entry point (a separate process: backend/ never imports the kiosk). */
const WEB_HOST = path.join(ROOT, 'electron', 'webhost', 'main.ts')

export type DemoKiosk = {
  url: string
  /** A demo member's card to type or "scan". */
  sampleCard: { number: string; customer: string | null } | null
  process: ChildProcess
  stop: () => Promise<void>
}

/**
 * npm start with the demo data: one kiosk web host paired to FASHIONHUB, in its own process,
 * with its data in DATA_DIR/kiosk-demo. It is paired once (a pairing code is made only while
 * that folder has no kiosk database, so restarts reuse the paired kiosk; after a revocation the
 * kiosk wipes itself and the next start pairs a new one).
 */
export const startDemoKiosk = async (
  db: Knex,
  options: { dataDir: string; port: number; backendUrl: string },
): Promise<DemoKiosk | null> => {
  // The compiled build (npm run build) ships the backend only: no kiosk web host to start.
  if (!existsSync(WEB_HOST)) return null
  const dataDir = path.join(options.dataDir, 'kiosk-demo')
  const args = ['--import', 'tsx', WEB_HOST, '--data-dir', dataDir, '--port', String(options.port)]
  if (!existsSync(path.join(dataDir, 'kiosk.db'))) {
    const store = await db('stores').where('id', DEMO.fashion.hubStoreId).first('code')
    if (!store) return null
    const pairing = await createKioskPairing(db, {
      merchantId: DEMO.fashion.merchantId,
      storeCode: store.code,
      name: 'Demo kiosk (npm start)',
      baseUrl: options.backendUrl,
      actor: systemActor(DEMO.fashion.merchantId, 'demo'),
    })
    args.push('--pair-code', pairing.code, '--backend-url', options.backendUrl)
  }
  args.push('--label', 'Demo kiosk')
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  const sample = await db('cards as c')
    .join('customers as cu', 'cu.id', 'c.customer_id')
    .where('c.merchant_id', DEMO.fashion.merchantId)
    .whereNotNull('cu.email')
    .orderBy('c.created_at')
    .first('c.number', 'cu.name')
  return {
    url: `http://127.0.0.1:${options.port}/`,
    sampleCard: sample ? { number: sample.number, customer: sample.name } : null,
    process: child,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      }),
  }
}
