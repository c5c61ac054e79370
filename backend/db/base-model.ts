import { Model } from 'objection'

/** Base of every model: UUID ids and database-side timestamps (never the process clock). */
export class BaseModel extends Model {
  declare id: string

  static override get modelPaths() {
    return []
  }

  override $beforeUpdate() {
    // Set by the database at write time, like created_at (docs/lessons.md #1).
    ;(this as unknown as { updated_at: unknown }).updated_at = Model.knex().fn.now()
  }
}
