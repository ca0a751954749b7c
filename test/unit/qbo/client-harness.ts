import { readFileSync } from 'node:fs';
import { setupServer } from 'msw/node';
import type { Logger } from '../../../src/core/logger.js';
import { StaticTokenProvider } from '../../../src/qbo/auth.js';
import { QboClient, type QboClientOptions } from '../../../src/qbo/client.js';

/** Host every test client talks to (intercepted by msw). */
export const HOST = 'https://qbo.test';

/** A recorded payload from test/fixtures/qbo, parsed (a UTF-8 BOM is skipped). */
export function fixture<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(fixtureText(name)) as T;
}

/** A recorded payload from test/fixtures/qbo as text (a UTF-8 BOM is skipped). */
export function fixtureText(name: string): string {
  return readFileSync(new URL(`../../fixtures/qbo/${name}`, import.meta.url), 'utf8').replace(/^\uFEFF/, '');
}

/** An msw server that fails on any request without a handler. */
export function mockServer(): ReturnType<typeof setupServer> {
  return setupServer();
}

let realmCounter = 0;

/** A fresh realm id, so every test gets its own process-wide rate limiter. */
export function freshRealm(): string {
  realmCounter += 1;
  return `${9_130_000 + realmCounter}-${process.pid}`;
}

/** The URL prefix of `realm`'s API on the test host. */
export function api(realm: string): string {
  return `${HOST}/v3/company/${realm}`;
}

/** A client with fast retries against the test host. */
export function testClient(realm: string, extra: Partial<QboClientOptions> = {}): QboClient {
  return new QboClient({
    realmId: realm,
    environment: 'sandbox',
    baseUrl: HOST,
    auth: new StaticTokenProvider('test-access-token-123'),
    retry: { baseDelayMs: 1, maxDelayMs: 4 },
    ...extra,
  });
}

/** A logger that records every line. */
export function recordingLogger(): Logger & { lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const push = (obj: Record<string, unknown>, msg?: string): void => {
    lines.push({ ...obj, msg });
  };
  return { lines, debug: push, info: push, warn: push, error: push };
}

let vendorBase: Record<string, unknown> | undefined;

/** A vendor record shaped like the recorded ones, with the given id. */
export function vendor(id: number): Record<string, unknown> {
  vendorBase ??= fixture<{ QueryResponse: { Vendor: Record<string, unknown>[] } }>(
    'query-vendor-response-page1-qbo-api.json',
  ).QueryResponse.Vendor[0];
  return { ...vendorBase, Id: String(id), DisplayName: `Vendor ${id}` };
}
