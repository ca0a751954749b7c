import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConfigurationError, InvalidArgumentError } from '../../../src/core/errors.js';
import { StaticTokenProvider } from '../../../src/qbo/auth.js';
import { QboClient } from '../../../src/qbo/client.js';
import { select } from '../../../src/qbo/query.js';
import { parseWebhookPayload } from '../../../src/qbo/webhooks.js';
import { drain, failure } from '../../support/outcomes.js';
import { freshRealm, HOST, mockServer, testClient } from './client-harness.js';

const server = mockServer();
const requests: string[] = [];
beforeAll(() => {
  server.listen({ onUnhandledRequest: 'error' });
  server.events.on('request:start', ({ request }) => {
    requests.push(request.url);
  });
});
afterEach(() => {
  server.resetHandlers();
  requests.length = 0;
});
afterAll(() => server.close());

describe('QboClient: values that cannot go in a URL or a header', () => {
  it.each(['..', '.', '1/2', '1\\2', '1\r\n2', '', '7\uDBFF'])('refuses the id %j before any request', async (id) => {
    const error = await failure(() => testClient(freshRealm()).read('Item', id));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(requests).toEqual([]);
  });

  it('an entity name that is not a word never reaches the path', async () => {
    for (const entity of ['item/../customer', 'Item?x=1', '']) {
      const error = await failure(() => testClient(freshRealm()).read(entity as 'Item', '1'));
      expect(error).toBeInstanceOf(InvalidArgumentError);
    }
    expect(requests).toEqual([]);
  });

  it('a query value with a lone surrogate is an InvalidArgumentError, not a URIError', async () => {
    const spec = select('Item').where('Name', '=', 'Widget \uD83D').toSpec();
    const error = await failure(() => drain(testClient(freshRealm()).records(spec)));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as Error).message).toContain('query');
    expect(requests).toEqual([]);
  });

  it('a realm id or environment that would change the URL is a ConfigurationError', () => {
    const auth = new StaticTokenProvider('t');
    for (const realmId of ['../1', '1/2', '1?x', '\uD800']) {
      expect(() => new QboClient({ realmId, environment: 'sandbox', baseUrl: HOST, auth })).toThrow(ConfigurationError);
    }
    for (const environment of ['constructor', '__proto__', 'toString']) {
      expect(() => new QboClient({ realmId: '1', environment: environment as 'sandbox', auth })).toThrow(
        ConfigurationError,
      );
    }
  });

  it('an access token with a line break is a ConfigurationError, never sent nor retried', async () => {
    const client = testClient(freshRealm(), { auth: new StaticTokenProvider('tok\r\nX-Injected: 1') });
    const error = await failure(() => client.read('Item', '1'));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).not.toContain('tok');
    expect(requests).toEqual([]);
  });
});

describe('webhook names that are Object.prototype properties', () => {
  const event = (type: string) => ({
    specversion: '1.0',
    id: 'e1',
    type,
    time: '2025-09-10T21:31:25Z',
    intuitentityid: '1',
    intuitaccountid: '310687',
  });

  it.each(['constructor', 'toString', 'hasOwnProperty', 'valueOf', '__proto__'])(
    'CloudEvents verb and entity %s stay plain strings',
    (name) => {
      const [parsed] = parseWebhookPayload([event(`qbo.${name.replaceAll('_', '')}.${name.replaceAll('_', '')}.v1`)]);
      expect(typeof parsed?.operation).toBe('string');
      expect(typeof parsed?.entity).toBe('string');
      expect(parsed?.operation).toBe(name.replaceAll('_', ''));
    },
  );

  it('a legacy entity named constructor stays the string "constructor"', () => {
    const [parsed] = parseWebhookPayload({
      eventNotifications: [
        {
          realmId: '1',
          dataChangeEvent: {
            entities: [{ name: 'constructor', id: '1', operation: 'toString', lastUpdated: '2025-01-01T00:00:00Z' }],
          },
        },
      ],
    });
    expect(parsed).toMatchObject({ entity: 'constructor', operation: 'toString' });
  });
});
