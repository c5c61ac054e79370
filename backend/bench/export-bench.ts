import { spawn } from 'node:child_process'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Knex } from 'knex'
import { createMerchantUser } from '../accounts/commands/create-merchant-user.ts'
import { checkMemberImport } from '../imports/commands/check-member-import.ts'
import { runMemberImport } from '../imports/commands/run-member-import.ts'
import { createLogger } from '../logger.ts'
import { cleanupsOnExit, positiveEnv, round } from './harness.ts'
import { openMigratedScratch } from './scratch-database.ts'
import { DEFAULT_SCALE, generateScaleMerchant } from './scale-data.ts'

// CSV at chain scale (issue 16): a merchant's whole ledger exported (10,000,000 entries at full
// size) in a process of its own — the same cursor and CSV writer as /api/v1/exports/ledger.csv
// (backend/bench/ledger-export-process.ts) — with its rows per second and the kernel's peak RSS
// of that process (target < 250 MB); then a 100,000-line member import (dry run and job,
// opening balances through the ledger), timed (target < 60 s). Runnable on its own:
//
//   npx tsx backend/bench/export-bench.ts      (BENCH_EXPORT_CUSTOMERS=100000 for a quick run)
//
// `measureLedgerExport` and `measureMemberImport` are exported for `npm run bench:analytics`.

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
export const TARGETS = { peak_rss_mb_max: 250, import_seconds_max: 60 } as const

const connectionStringOf = (db: Knex) =>
  (db.client.config as { connection: { connectionString: string } }).connection.connectionString

/**
 * Exports the merchant's ledger in a child process (production heap settings) into a sink, and
 * reads that process's peak RSS from the kernel (getrusage maxrss: no sampling gap).
 */
export const measureLedgerExport = async (
  db: Knex,
  merchantId: string,
): Promise<{ rows: number; rows_per_second: number; peak_rss_mb: number }> => {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'backend/bench/ledger-export-process.ts',
      connectionStringOf(db),
      merchantId,
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)))
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
  if (code !== 0) throw new Error(`the export process failed (${code}):\n${stderr}`)
  const run = JSON.parse(stdout.trim().split('\n').pop()!) as {
    rows: number
    seconds: number
    peak_rss_mb: number
  }
  return {
    rows: run.rows,
    rows_per_second: Math.round(run.rows / run.seconds),
    peak_rss_mb: run.peak_rss_mb,
  }
}

/** A member import of `lines` new members, each with an opening balance. */
export const memberImportFile = (lines: number) =>
  Buffer.from(
    [
      'email;name;phone;birthday;language;consent;opening_balance',
      ...Array.from(
        { length: lines },
        (_, i) =>
          `imported${i}@import.example;Membre Importé ${i};+352 691 ${String(i).padStart(6, '0')};1980-01-${String((i % 28) + 1).padStart(2, '0')};${['fr', 'de', 'lb', 'en'][i % 4]};${i % 2 ? 'oui' : 'non'};${(i % 500) + 1}`,
      ),
    ].join('\r\n'),
  )

/** Times a member import of `lines` lines as the owner: the dry run, then the job's run. */
export const measureMemberImport = async (db: Knex, merchantId: string, lines = 100_000) => {
  const owner = await createMerchantUser(db, {
    merchantId,
    email: `import-owner-${Date.now()}@scale.example`,
    name: 'Import Owner',
    role: 'owner',
  })
  const store = await db('stores').where('merchant_id', merchantId).first('id')
  const principal = {
    kind: 'merchant_user' as const,
    id: owner.id,
    merchantId,
    role: 'owner' as const,
    storeIds: null,
  }
  const started = performance.now()
  const { id } = await checkMemberImport(db, {
    principal,
    fileName: 'bench.csv',
    bytes: memberImportFile(lines),
    storeId: store.id,
  })
  const checked = performance.now()
  await db('member_imports').where({ merchant_id: merchantId, id }).update({ status: 'queued' })
  const run = await runMemberImport(db, { merchantId, importId: id })
  const done = performance.now()
  return {
    lines,
    imported: run?.imported ?? 0,
    dry_run_seconds: round((checked - started) / 1000, 1),
    import_seconds: round((done - checked) / 1000, 1),
    lines_per_second: Math.round(lines / ((done - checked) / 1000)),
  }
}

const main = async () => {
  const log = createLogger('warn')
  const { cleanups, cleanUp } = cleanupsOnExit()
  const customers = positiveEnv('BENCH_EXPORT_CUSTOMERS', DEFAULT_SCALE.customers)
  const importLines = positiveEnv('BENCH_IMPORT_LINES', 100_000)
  try {
    console.log(
      `RewardFlow export benchmark: ${customers.toLocaleString('en')} members, ${os.cpus().length} CPUs`,
    )
    const { knex } = await openMigratedScratch(log, cleanups)
    const scale = await generateScaleMerchant(knex, {
      ...DEFAULT_SCALE,
      stores: 20,
      customers,
      progress: (line) => console.log(line),
    })
    console.log(
      `  ${scale.entries.toLocaleString('en')} ledger entries in ${scale.seconds.toFixed(0)} s`,
    )
    const exported = await measureLedgerExport(knex, scale.merchantId)
    console.log(`  ledger export: ${JSON.stringify(exported)}`)
    const imported = await measureMemberImport(knex, scale.merchantId, importLines)
    console.log(`  member import: ${JSON.stringify(imported)}`)
    console.log(
      JSON.stringify({
        bench: 'export',
        ledger_export: exported,
        member_import: imported,
        targets: TARGETS,
        ok:
          exported.peak_rss_mb < TARGETS.peak_rss_mb_max &&
          imported.import_seconds < TARGETS.import_seconds_max,
      }),
    )
  } finally {
    await cleanUp()
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1]))
  await main()
