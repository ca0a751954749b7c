import { describe, it } from 'vitest';
import { checkLinkBuffer } from '../../support/link-buffer-property.js';
import { databaseUrl, useTestDatabase } from '../../support/postgres.js';

describe.skipIf(!databaseUrl)('LinkBuffer on the Postgres store', () => {
  const { db } = useTestDatabase('link_buffer', 2);
  let realm = 0;

  it('answers every read and leaves every link as saving each write at once would (one putLinks a flush)', async () => {
    await checkLinkBuffer(async () => db().store(`buffer-${++realm}`), 300);
  }, 120_000);
});
