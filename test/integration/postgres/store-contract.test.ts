import { afterEach, beforeEach, describe, it } from 'vitest';
import { PostgresStateStore } from '../../../src/postgres/index.js';
import { storeContract } from '../../../src/testing/index.js';
import { databaseUrl, useTestDatabase } from '../../support/postgres.js';

describe.skipIf(!databaseUrl)('PostgresStateStore', () => {
  const { pool, schema, db } = useTestDatabase('contract');
  let realms = 0;
  // Every case gets a realm of its own in one schema: realms share nothing.
  const nextRealm = (): string => `realm-${++realms}`;

  storeContract(
    { describe, it, beforeEach, afterEach },
    {
      name: 'PostgresStateStore (shared pool, one realm per case)',
      create: async () => db().store(nextRealm()),
      reopen: async (closed) => PostgresStateStore.open({ pool, schema, realm: (closed as PostgresStateStore).realm }),
    },
  );

  storeContract(
    { describe, it, beforeEach, afterEach },
    {
      name: 'PostgresStateStore (own pool from a connection string, pages of 7)',
      create: async () =>
        PostgresStateStore.open({
          connectionString: databaseUrl as string,
          schema,
          realm: nextRealm(),
          pageSize: 7,
          maxConnections: 2,
        }),
    },
  );
});
