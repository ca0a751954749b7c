import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, it } from 'vitest';
import { SqliteStateStore } from '../../../src/sqlite/index.js';
import { storeContract } from '../../../src/testing/index.js';

const dir = mkdtempSync(join(tmpdir(), 'qbo-it-sqlite-'));
let files = 0;
const newPath = (): string => join(dir, `state-${++files}.sqlite`);
const paths = new WeakMap<object, string>();

afterAll(() => rmSync(dir, { recursive: true, force: true }));

storeContract(
  { describe, it, beforeEach, afterEach },
  {
    name: 'SqliteStateStore (file)',
    create: async () => {
      const path = newPath();
      const store = await SqliteStateStore.open({ path });
      paths.set(store, path);
      return store;
    },
    reopen: async (closed) => SqliteStateStore.open({ path: paths.get(closed) as string }),
  },
);

storeContract(
  { describe, it, beforeEach, afterEach },
  {
    name: 'SqliteStateStore (:memory:, synchronous NORMAL, pages of 7)',
    create: async () => SqliteStateStore.open({ path: ':memory:', synchronous: 'normal', pageSize: 7 }),
  },
);
