import { afterEach, describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../../src/core/errors.js';
import { IntelliTrackClient } from '../../../src/intellitrack/client.js';
import { Synchronizer } from '../../../src/sync/synchronizer.js';
import { startWorld, type World } from './harness.js';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

describe('a header value with a line break', () => {
  it('stops the run at once with a ConfigurationError: nothing sent to IntelliTrack, nothing retried', async () => {
    world = await startWorld({ company: { items: 3, vendors: 1, customers: 1, purchaseOrders: 0, estimates: 0 } });
    const w = world;
    const apiKey = `${w.itEmu.apiKey}\r\nX-Injected: 1`;
    const intellitrack = new IntelliTrackClient({ baseUrl: w.itEmu.baseUrl, apiKey, retry: { baseDelayMs: 1 } });
    const sync = new Synchronizer({
      qbo: w.qbo,
      intellitrack,
      store: w.store,
      settings: { division: w.itEmu.divisionId },
    });
    const before = w.itEmu.requests.count();
    const error = await sync.syncItems().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toContain('authorization');
    expect((error as Error).message).not.toContain(w.itEmu.apiKey);
    expect(w.itEmu.requests.count()).toBe(before);
    const last = (await w.store.listRuns()).at(-1);
    expect(last).toMatchObject({ status: 'failed' });
  });
});
