import { describe, expect, it } from 'vitest'
import { createKnex } from './knex.ts'
import { cursorBatches, cursorRows } from './cursor.ts'
import { useTestDatabase } from '../test/test-database.ts'

// The export cursor: every row once and in order across FETCH batches (the next one sent
// ahead), planned for reading every row, and its connection back in the pool whether the reader
// reads to the end or stops after the first batch.

const db = useTestDatabase()

const numbers = (knex: ReturnType<typeof createKnex>, n: number) =>
  knex.raw(
    `SELECT g AS n, current_setting('cursor_tuple_fraction') AS fraction,
            current_setting('transaction_read_only') AS read_only
       FROM generate_series(1, ?) g ORDER BY g`,
    [n],
  )

type Row = { n: number; fraction: string; read_only: string }

describe('cursorBatches', () => {
  it('gives every row once, in order, in batches, read-only and planned for every row', async () => {
    const knex = createKnex(db.url, { poolMax: 1, bindModels: false })
    try {
      const sizes: number[] = []
      const seen: number[] = []
      for await (const batch of cursorBatches<Row>(knex, numbers(knex, 2_500), 1_000)) {
        sizes.push(batch.length)
        for (const row of batch) {
          seen.push(row.n)
          expect(row).toMatchObject({ fraction: '1', read_only: 'on' })
        }
      }
      expect(sizes).toEqual([1_000, 1_000, 500])
      expect(seen).toEqual(Array.from({ length: 2_500 }, (_, i) => i + 1))
      // An exact multiple of the batch: the last FETCH is empty and yields nothing.
      const exact: number[] = []
      for await (const batch of cursorBatches<Row>(knex, numbers(knex, 2_000), 1_000))
        exact.push(batch.length)
      expect(exact).toEqual([1_000, 1_000])
      let count = 0
      for await (const row of cursorRows<Row>(knex, numbers(knex, 2_345), 1_000)) count += row.n
      expect(count).toBe((2_345 * 2_346) / 2)
    } finally {
      await knex.destroy()
    }
  })

  it('rolls back and frees its connection when the reader stops with a FETCH under way', async () => {
    // One connection in the pool: a cursor that kept it would leave the next query waiting.
    const knex = createKnex(db.url, { poolMax: 1, bindModels: false })
    try {
      for await (const batch of cursorBatches<Row>(knex, numbers(knex, 10_000), 1_000)) {
        expect(batch[0]!.n).toBe(1)
        break
      }
      const { rows } = await knex.raw<{ rows: { open: string }[] }>(
        `SELECT count(*)::int AS open FROM pg_cursors`,
      )
      expect(rows[0]).toEqual({ open: 0 })
      const { rows: state } = await knex.raw<{ rows: { read_only: string }[] }>(
        `SELECT current_setting('transaction_read_only') AS read_only`,
      )
      expect(state[0]).toEqual({ read_only: 'off' })
    } finally {
      await knex.destroy()
    }
  })
})
