import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it as test } from 'vitest';
import { ItemSchema, pageSchema } from '../../../src/intellitrack/schemas/index.js';
import {
  type IntelliTrackEmulator,
  IntelliTrackEmulatorCore,
  startIntelliTrackEmulator,
} from '../../../src/testing/index.js';
import { createIntelliTrackEmulatorHandlers } from '../../../src/testing/msw.js';
import { call, itemBody, q } from './helpers.js';

const origin = 'http://intellitrack.test';
let emulator: IntelliTrackEmulator;
const standalone = new IntelliTrackEmulatorCore({ seed: 51, warehouse: { items: 3 } });
const server = setupServer(
  ...createIntelliTrackEmulatorHandlers(standalone),
  ...createIntelliTrackEmulatorHandlers(new IntelliTrackEmulatorCore({ seed: 52 }), { origin: 'http://second.test/' }),
);

beforeAll(async () => {
  emulator = await startIntelliTrackEmulator({ seed: 53 });
  server.use(...createIntelliTrackEmulatorHandlers(emulator.core, { origin: 'http://shared.test' }));
  server.listen({
    onUnhandledRequest: (req, print) => (req.url.startsWith('http://127.0.0.1') ? undefined : print.error()),
  });
});
afterAll(async () => {
  server.close();
  await emulator.close();
});

const auth = (key: string) => ({ authorization: `Bearer ${key}`, 'content-type': 'application/json' });

describe('IntelliTrack emulator msw handlers', () => {
  test('answer the contract without a socket; every answer parses with the schemas', async () => {
    const res = await fetch(`${origin}/v1/items?divisionId=${standalone.divisionId}`, {
      headers: auth(standalone.apiKey),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toMatch(/^req_/);
    const page = pageSchema(ItemSchema).parse(await res.json());
    expect(page.data).toHaveLength(3);
    const created = await fetch(`${origin}/v1/items`, {
      method: 'POST',
      headers: { ...auth(standalone.apiKey), 'idempotency-key': 'msw-1' },
      body: JSON.stringify(itemBody(standalone, 'MSW')),
    });
    expect(created.status).toBe(201);
    ItemSchema.parse(await created.json());
    const deleted = await fetch(`${origin}/v1/items/${page.data[0]?.id}`, {
      method: 'DELETE',
      headers: auth(standalone.apiKey),
    });
    expect(deleted.status).toBe(204);
    const problem = await fetch(`${origin}/v1/items`, { headers: auth('wrong') });
    expect(problem.status).toBe(401);
    expect(problem.headers.get('content-type')).toBe('application/problem+json');
  });

  test('injected resets become network errors', async () => {
    standalone.faults.script(['reset']);
    await expect(
      fetch(`${origin}/v1/divisions/${standalone.divisionId}`, { headers: auth(standalone.apiKey) }),
    ).rejects.toThrow();
  });

  test('several cores can be mounted on different origins', async () => {
    const res = await fetch('http://second.test/v1/divisions/div_00000001', { headers: auth(standalone.apiKey) });
    expect(res.status).toBe(401);
  });

  test('handlers over a running emulator share its state with the socket server', async () => {
    const res = await fetch('http://shared.test/v1/items', {
      method: 'POST',
      headers: { ...auth(emulator.apiKey), 'idempotency-key': 'shared-1' },
      body: JSON.stringify(itemBody(emulator, 'SHARED')),
    });
    const id = ((await res.json()) as { id: string }).id;
    const overSocket = await call(emulator, 'GET', `/items${q(emulator)}`);
    expect(overSocket.json.data.map((i: { id: string }) => i.id)).toContain(id);
  });
});
