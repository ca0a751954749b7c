import { afterEach, describe, expect, it } from 'vitest';
import { startWorld, type World } from './harness.js';
import { COMPANY } from './scenario.js';

const EMAIL = 'ann.buyer@example.com';
const TOKEN = 'AB12cd34EF56gh78IJ90klMN';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

/** IntelliTrack refuses the first item create with a problem whose detail names a person and a key. */
function refusingFirstItemCreate(): typeof globalThis.fetch {
  let refused = false;
  return async (input, init) => {
    const request = new Request(input, init);
    if (!refused && request.method === 'POST' && new URL(request.url).pathname === '/v1/items') {
      refused = true;
      const problem = {
        type: 'about:blank',
        title: 'Unprocessable Entity',
        status: 422,
        detail: `Item refused for ${EMAIL} (key ${TOKEN})`,
      };
      return new Response(JSON.stringify(problem), {
        status: 422,
        headers: { 'content-type': 'application/problem+json' },
      });
    }
    return globalThis.fetch(request);
  };
}

describe('what a run persists about a failure', () => {
  it('has e-mail addresses and token-like strings removed, whichever service the error came from', async () => {
    world = await startWorld({ company: COMPANY, bulk: false, itFetch: refusingFirstItemCreate() });
    const report = await world.sync.syncItems();
    expect(report.entities.item?.failed).toBe(1);
    const persisted = JSON.stringify({
      failed: await world.store.listFailed(),
      journal: await world.store.listJournal(),
      runs: await world.store.listRuns(),
      report,
    });
    expect(persisted).toContain('Item refused for');
    expect(persisted).not.toContain(EMAIL);
    expect(persisted).not.toContain(TOKEN);
  });
});
