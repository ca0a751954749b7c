import { afterAll, describe, expect, it } from 'vitest';
import { migratePostgres, PG_SCHEMA_VERSION, PostgresDatabase } from '../../../src/postgres/index.js';
import { databaseUrl, dropSchema, testPool, testSchema } from '../../support/postgres.js';

describe.skipIf(!databaseUrl)('Postgres schema migrations', () => {
  const pools = [testPool(2), testPool(2), testPool(2)];
  const admin = pools[0] as ReturnType<typeof testPool>;
  const schemas: string[] = [];
  const fresh = (name: string): string => {
    const schema = testSchema(name);
    schemas.push(schema);
    return schema;
  };

  afterAll(async () => {
    for (const schema of schemas) await dropSchema(admin, schema);
    await Promise.all(pools.map((pool) => pool.end()));
  });

  it('migrates a new schema once when three workers open it at the same moment', async () => {
    const schema = fresh('concurrent');
    const opened = await Promise.all(pools.map((pool) => PostgresDatabase.open({ pool, schema })));
    expect(opened.map((db) => db.migration.from).sort()).toEqual([0, PG_SCHEMA_VERSION, PG_SCHEMA_VERSION]);
    const { rows } = await admin.query(`SELECT version FROM "${schema}".schema_migrations ORDER BY version`);
    expect(rows.map((r) => r.version)).toEqual(Array.from({ length: PG_SCHEMA_VERSION }, (_, i) => i + 1));
    expect(await migratePostgres(admin, schema)).toEqual({ schema, from: PG_SCHEMA_VERSION, to: PG_SCHEMA_VERSION });
  });

  it('refuses a schema written by a newer version, and an unmigrated one when told not to migrate', async () => {
    const schema = fresh('newer');
    await migratePostgres(admin, schema);
    await admin.query(`INSERT INTO "${schema}".schema_migrations (version) VALUES ($1)`, [PG_SCHEMA_VERSION + 1]);
    await expect(PostgresDatabase.open({ pool: admin, schema })).rejects.toMatchObject({
      name: 'StateStoreError',
      field: 'schema_version',
    });
    const empty = fresh('unmigrated');
    await admin.query(`CREATE SCHEMA "${empty}"`);
    await expect(PostgresDatabase.open({ pool: admin, schema: empty, migrate: false })).rejects.toMatchObject({
      name: 'StateStoreError',
    });
  });

  it('names the database when it cannot be reached', async () => {
    const error = await PostgresDatabase.open({
      connectionString: 'postgres://nobody@127.0.0.1:1/none',
      schema: fresh('unreachable'),
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'StateStoreError' });
    expect(String((error as Error).message)).toContain('unreachable');
  });
});
