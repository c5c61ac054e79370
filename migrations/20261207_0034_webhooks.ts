import type { Knex } from 'knex'

// Merchant webhooks (issue 16): endpoints (URL, events, a secret kept as AES-256-GCM ciphertext
// under EMAIL_SETTINGS_KEY, active), one delivery per (event, endpoint) inserted in the
// transaction of the change that causes it (the ledger's APPEND_ENTRY for entries and
// redemptions), and each attempt of a delivery. Keys carry merchant_id (shardable by merchant).
// `failing_since` on an endpoint: the first failure since its last success; 24 hours of it and
// the endpoint is disabled (`disabled_at`) and its owners emailed once.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE webhook_endpoints (
      merchant_id uuid NOT NULL REFERENCES merchants (id),
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      url text NOT NULL,
      events text[] NOT NULL,
      secret_ciphertext text NOT NULL,
      secret_prefix text NOT NULL,
      active boolean NOT NULL DEFAULT true,
      failing_since timestamptz,
      disabled_at timestamptz,
      created_by uuid REFERENCES merchant_users (id),
      version integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (merchant_id, id),
      CHECK (cardinality(events) > 0)
    )`)
  await knex.raw(`
    CREATE TABLE webhook_deliveries (
      merchant_id uuid NOT NULL,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      endpoint_id uuid NOT NULL,
      event text NOT NULL,
      data jsonb NOT NULL,
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'succeeded', 'failed')),
      attempts integer NOT NULL DEFAULT 0,
      first_failed_at timestamptz,
      last_attempt_at timestamptz,
      delivered_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (merchant_id, id),
      FOREIGN KEY (merchant_id, endpoint_id) REFERENCES webhook_endpoints (merchant_id, id)
    )`)
  await knex.raw(
    `CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (merchant_id, endpoint_id, created_at DESC)`,
  )
  await knex.raw(`
    CREATE TABLE webhook_attempts (
      merchant_id uuid NOT NULL,
      id bigint GENERATED ALWAYS AS IDENTITY,
      delivery_id uuid NOT NULL,
      attempted_at timestamptz NOT NULL,
      duration_ms integer NOT NULL,
      status_code integer,
      error text,
      response_excerpt text,
      succeeded boolean NOT NULL,
      replay boolean NOT NULL DEFAULT false,
      PRIMARY KEY (merchant_id, id),
      FOREIGN KEY (merchant_id, delivery_id) REFERENCES webhook_deliveries (merchant_id, id)
    )`)
  await knex.raw(
    `CREATE INDEX webhook_attempts_delivery ON webhook_attempts (merchant_id, delivery_id, attempted_at)`,
  )
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE webhook_attempts')
  await knex.raw('DROP TABLE webhook_deliveries')
  await knex.raw('DROP TABLE webhook_endpoints')
}
