/**
 * Postgres for the worker tests. The rule: without DATABASE_URL the tests skip with a loud message,
 * unless CI is set, where a missing DATABASE_URL fails them. Each test file gets a database of its
 * own (created from DATABASE_URL, dropped at the end), so files running in parallel never share
 * pg-boss's queues.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { describe } from 'vitest';

const url = process.env.DATABASE_URL;
if (!url && process.env.CI) throw new Error('DATABASE_URL is not set in CI: the worker tests need PostgreSQL.');
if (!url) {
  console.warn('\n*** DATABASE_URL is not set: the Postgres worker tests are SKIPPED (set it to run them). ***\n');
}

/** `describe` when Postgres is available, else a loudly skipped describe. */
export const describePg: typeof describe = url ? describe : (describe.skip as typeof describe);

/** A database of its own for one test file. */
export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** Creates an empty database next to DATABASE_URL's. */
export async function freshDatabase(prefix: string): Promise<TestDatabase> {
  if (!url) throw new Error('DATABASE_URL is not set');
  const name = `${prefix}_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const target = new URL(url);
  target.pathname = `/${name}`;
  return {
    url: target.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [name]);
      await client.query(`DROP DATABASE IF EXISTS ${name}`);
      await client.end();
    },
  };
}
