/**
 * The PostgreSQL server of tests that need one: `DATABASE_URL` (scripts/postgres-cluster.sh starts
 * a throwaway one). Without it, those tests are skipped with a loud message, except in CI (`CI`
 * set), where a missing server fails them. Each test file works in a schema of its own, dropped
 * at the end, so files running in parallel never see each other's rows.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { PostgresDatabase } from '../../src/postgres/index.js';

const url = process.env.DATABASE_URL;

if (!url && process.env.CI) {
  throw new Error(
    'DATABASE_URL is not set but CI is: the Postgres tests must run in CI. Start a server with scripts/postgres-cluster.sh.',
  );
}
if (!url) {
  console.warn(
    '\n*** SKIPPING POSTGRES TESTS: DATABASE_URL is not set. Run them with `scripts/postgres-cluster.sh run -- npx vitest run test/integration/postgres` or point DATABASE_URL at a server. ***\n',
  );
}

/** The server's URL, or undefined when the Postgres tests are skipped. */
export const databaseUrl: string | undefined = url;

/** A fresh schema name for one test file (`name` keeps it readable in the server's catalog). */
export function testSchema(name: string): string {
  return `t_${name.replace(/[^a-z0-9]/g, '_')}_${process.pid}_${randomBytes(3).toString('hex')}`;
}

/** A pool on the test server (at most `max` connections: the test machine is small). */
export function testPool(max = 4): pg.Pool {
  return new pg.Pool({ connectionString: databaseUrl, max });
}

/** Drops a test file's schema with everything in it. */
export async function dropSchema(pool: pg.Pool, schema: string): Promise<void> {
  await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
}

/**
 * A schema of its own for the test file that calls this (inside its `describe`): migrated before
 * the file's cases, dropped with its pool after them. `db()` is the open database.
 */
export function useTestDatabase(name: string, max = 4): { pool: pg.Pool; schema: string; db: () => PostgresDatabase } {
  const schema = testSchema(name);
  const pool = testPool(max);
  let db: PostgresDatabase | undefined;
  beforeAll(async () => {
    db = await PostgresDatabase.open({ pool, schema });
  });
  afterAll(async () => {
    await dropSchema(pool, schema);
    await pool.end();
  });
  return {
    pool,
    schema,
    db: () => {
      if (db === undefined) throw new Error('the test database is opened in beforeAll');
      return db;
    },
  };
}
