import { METERING_MIGRATION } from './metering.js';

/**
 * The Postgres schema, as forward migrations. Every table is keyed by `realm` first, so one
 * database (one schema) serves many companies and every per-realm query is one index range.
 */

/**
 * Forward migrations for schema `s` (already quoted); entry `n` takes the schema from version `n`
 * to `n + 1`. Never edit a shipped entry: append a new one.
 */
export const PG_MIGRATIONS: readonly ((s: string) => string)[] = [
  // 1: links, watermarks, journal, error queue, runs, leases and the activity log.
  (s) => `
  CREATE TABLE ${s}.links (
    realm text COLLATE "C" NOT NULL,
    entity text COLLATE "C" NOT NULL,
    qbo_id text COLLATE "C" NOT NULL,
    it_id text COLLATE "C" NOT NULL,
    origin text NOT NULL,
    qbo_sync_token text,
    it_version bigint,
    qbo_hash text,
    it_hash text,
    data json NOT NULL,
    updated_at bigint NOT NULL,
    PRIMARY KEY (realm, entity, qbo_id)
  );
  CREATE UNIQUE INDEX links_by_it_id ON ${s}.links (realm, entity, it_id);

  CREATE TABLE ${s}.watermarks (
    realm text COLLATE "C" NOT NULL,
    key text COLLATE "C" NOT NULL,
    value text NOT NULL,
    PRIMARY KEY (realm, key)
  );

  CREATE TABLE ${s}.journal (
    realm text COLLATE "C" NOT NULL,
    key text COLLATE "C" NOT NULL,
    entity text COLLATE "C" NOT NULL,
    operation text NOT NULL,
    state text COLLATE "C" NOT NULL,
    payload json NOT NULL,
    result json NOT NULL,
    error text,
    attempts integer NOT NULL,
    created_at bigint NOT NULL,
    updated_at bigint NOT NULL,
    PRIMARY KEY (realm, key)
  );
  CREATE INDEX journal_by_created ON ${s}.journal (realm, created_at, key);
  CREATE INDEX journal_by_state ON ${s}.journal (realm, state, created_at, key);
  CREATE INDEX journal_by_entity ON ${s}.journal (realm, entity, created_at, key);
  CREATE INDEX journal_by_state_updated ON ${s}.journal (realm, state, updated_at);

  CREATE TABLE ${s}.failed (
    realm text COLLATE "C" NOT NULL,
    id text COLLATE "C" NOT NULL,
    entity text COLLATE "C" NOT NULL,
    side text NOT NULL,
    source_id text NOT NULL,
    operation text NOT NULL,
    error_name text NOT NULL,
    message text NOT NULL,
    code text,
    attempts integer NOT NULL,
    first_failed_at bigint NOT NULL,
    last_failed_at bigint NOT NULL,
    PRIMARY KEY (realm, id)
  );
  CREATE INDEX failed_by_time ON ${s}.failed (realm, first_failed_at, id);
  CREATE INDEX failed_by_entity ON ${s}.failed (realm, entity, first_failed_at, id);

  CREATE TABLE ${s}.runs (
    realm text COLLATE "C" NOT NULL,
    id text COLLATE "C" NOT NULL,
    operation text NOT NULL,
    started_at bigint NOT NULL,
    finished_at bigint NOT NULL,
    status text NOT NULL,
    report json NOT NULL,
    PRIMARY KEY (realm, id)
  );
  CREATE INDEX runs_by_start ON ${s}.runs (realm, started_at DESC, id DESC);

  CREATE TABLE ${s}.leases (
    realm text COLLATE "C" NOT NULL,
    name text COLLATE "C" NOT NULL,
    owner text NOT NULL,
    token bigint NOT NULL,
    expires_at bigint NOT NULL,
    PRIMARY KEY (realm, name)
  );

  CREATE TABLE ${s}.activity (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    realm text COLLATE "C" NOT NULL,
    run_id text COLLATE "C",
    at bigint NOT NULL,
    flow text COLLATE "C" NOT NULL,
    source_id text COLLATE "C" NOT NULL,
    qbo_id text COLLATE "C",
    doc_number text COLLATE "C",
    it_key text COLLATE "C",
    entry json NOT NULL
  );
  CREATE INDEX activity_by_realm ON ${s}.activity (realm, seq);
  CREATE INDEX activity_by_run ON ${s}.activity (realm, run_id, seq);
  CREATE INDEX activity_by_flow ON ${s}.activity (realm, flow, seq);
  CREATE INDEX activity_by_at ON ${s}.activity (realm, at);
  CREATE INDEX activity_by_source ON ${s}.activity (realm, source_id);
  CREATE INDEX activity_by_qbo ON ${s}.activity (realm, qbo_id);
  CREATE INDEX activity_by_doc ON ${s}.activity (realm, doc_number);
  CREATE INDEX activity_by_it ON ${s}.activity (realm, it_key);
  `,
  // 2: OAuth tokens per realm, encrypted (AES-256-GCM) with the key named by key_id.
  (s) => `
  CREATE TABLE ${s}.tokens (
    realm text COLLATE "C" PRIMARY KEY,
    key_id text NOT NULL,
    iv bytea NOT NULL,
    tag bytea NOT NULL,
    ciphertext bytea NOT NULL,
    updated_at bigint NOT NULL
  );
  CREATE INDEX tokens_by_key ON ${s}.tokens (key_id);
  `,
  // 3: metered QBO calls per company and month.
  METERING_MIGRATION,
  // 4: the links whose one-time inventory import is still to do, so a quiet cycle reads only them.
  (s) => `
  CREATE INDEX links_without_inventory_imported ON ${s}.links (realm, entity, qbo_id)
    WHERE NOT coalesce(json_typeof(data -> 'inventoryImported') = 'boolean'
      AND data ->> 'inventoryImported' = 'true', false);
  `,
  // 5: a month's calls of every realm (the app's, `sumMeteredCalls`) from the index alone.
  (s) => `
  CREATE INDEX metered_calls_by_month ON ${s}.metered_calls (month) INCLUDE (core_plus, core);
  `,
];

/** The schema version this SDK writes in Postgres. */
export const PG_SCHEMA_VERSION = PG_MIGRATIONS.length;
