import { SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { StaticTokenProvider } from '../../../src/qbo/auth.js';
import { QboClient } from '../../../src/qbo/client.js';
import { RealmRateLimiter } from '../../../src/qbo/limits.js';
import { startQboEmulator } from '../../../src/testing/index.js';
import { startWorld, type World } from '../sync/harness.js';
import { COMPANY } from '../sync/scenario.js';
import { type Capture, type Point, startCapture } from './capture.js';

const worlds: World[] = [];
let cap: Capture;

// The SDK is not registered globally: the tracer and meter are given to the clients and the Synchronizer.
beforeAll(() => {
  cap = startCapture();
});
afterAll(async () => {
  await cap.shutdown();
});
afterEach(async () => {
  await Promise.all(worlds.splice(0).map((w) => w.close()));
});

async function world(): Promise<World> {
  const w = await startWorld({ company: COMPANY, seed: 5, telemetry: { tracer: cap.tracer, meter: cap.meter } });
  worlds.push(w);
  return w;
}

const pointValue = (points: Point[], attributes: Record<string, unknown>): number | undefined =>
  points.find((p) => Object.entries(attributes).every(([k, v]) => p.attributes[k] === v))?.value;

const newSpans = (before: number): ReadableSpan[] => cap.spans().slice(before);

describe('telemetry under injected faults', () => {
  it('records retries, failed attempts, the error class and the failed run', async () => {
    const w = await world();
    w.qboEmu.faults.enqueue({ type: 'serverError', status: 503 });
    await w.sync.syncAll();
    const first = cap.spans().find((s) => s.name.startsWith('qbo.'));
    expect(first?.attributes).toMatchObject({
      'qbo_it.attempts': 2,
      'http.response.status_code': 200,
      'qbo_it.outcome': 'success',
    });
    expect(first?.events.map((e) => [e.name, e.attributes?.['error.type']])).toEqual([['retry', 'ServerError']]);

    const before = cap.spans().length;
    w.qboEmu.faults.throttleStorm(20, { retryAfterSeconds: 0 });
    await expect(w.sync.syncAll()).rejects.toMatchObject({ name: 'ThrottleExceededError' });
    const spans = newSpans(before);
    const failed = spans.find((s) => s.name.startsWith('qbo.'));
    expect(failed?.attributes).toMatchObject({
      'qbo_it.attempts': 7,
      'http.response.status_code': 429,
      'qbo_it.outcome': 'failure',
      'error.type': 'ThrottleExceededError',
    });
    expect(failed?.status.code).toBe(SpanStatusCode.ERROR);
    const run = spans.find((s) => s.name === 'sync.run');
    expect(run?.status.code).toBe(SpanStatusCode.ERROR);
    expect(run?.attributes).toMatchObject({ 'qbo_it.outcome': 'failed', 'error.type': 'ThrottleExceededError' });
    expect(run?.events.some((e) => e.name === 'exception')).toBe(true);

    const calls = await cap.points('qbo_it.calls');
    expect(pointValue(calls, { 'qbo_it.service': 'qbo', 'http.response.status_code': 503 })).toBe(1);
    expect(pointValue(calls, { 'qbo_it.service': 'qbo', 'http.response.status_code': 429 })).toBe(7);
    const failures = await cap.points('qbo_it.failures');
    expect(
      pointValue(failures, { 'qbo_it.scope': 'call', 'qbo_it.service': 'qbo', 'error.type': 'ThrottleExceededError' }),
    ).toBe(1);
    expect(pointValue(failures, { 'qbo_it.scope': 'run', 'error.type': 'ThrottleExceededError' })).toBe(1);
  });

  it('records a lease held by another process as a busy lease wait and a failed run', async () => {
    const w = await world();
    await w.store.leases.acquire({ name: `realm:${w.qbo.realmId}`, owner: 'other', ttlMs: 60_000, now: Date.now() });
    const before = cap.spans().length;
    await expect(w.sync.syncAll()).rejects.toMatchObject({ name: 'SyncInProgressError' });
    const run = newSpans(before).find((s) => s.name === 'sync.run');
    expect(run?.attributes).toMatchObject({ 'qbo_it.outcome': 'failed', 'error.type': 'SyncInProgressError' });
    const waits = await cap.points('qbo_it.lease.wait');
    expect(waits.find((p) => p.attributes['qbo_it.outcome'] === 'busy')?.count).toBe(1);
  });

  it('records a reset IntelliTrack connection: an exchange without status, retried under the same span', async () => {
    const w = await world();
    w.itEmu.faults.script(['reset'], { kind: 'bulk' });
    const before = cap.spans().length;
    await w.sync.syncAll();
    const bulk = newSpans(before).find((s) => s.name === 'intellitrack.bulk');
    expect(bulk?.attributes).toMatchObject({
      'qbo_it.attempts': 2,
      'http.response.status_code': 200,
      'qbo_it.outcome': 'success',
      'qbo_it.realm': w.qbo.realmId,
    });
    expect(
      bulk?.events.map((e) => [e.name, e.attributes?.['error.type'], e.attributes?.['http.response.status_code']]),
    ).toEqual([['retry', 'ConnectionError', undefined]]);
    const calls = await cap.points('qbo_it.calls');
    const reset = { 'qbo_it.service': 'intellitrack', 'qbo_it.operation': 'bulk', 'error.type': 'ConnectionError' };
    expect(pointValue(calls, reset)).toBe(1);
  });

  it('records the time a call waited on the rate limiter; a call outside a run is a root span', async () => {
    const emu = await startQboEmulator({ seed: 3 });
    try {
      const qbo = new QboClient({
        realmId: emu.realmId,
        environment: 'sandbox',
        baseUrl: emu.baseUrl,
        auth: new StaticTokenProvider(emu.issueAccessToken()),
        limiter: new RealmRateLimiter({ requestsPerMinute: 1, windowMs: 300 }),
        telemetry: { tracer: cap.tracer, meter: cap.meter },
      });
      const before = cap.spans().length;
      for (let i = 0; i < 3; i += 1) await qbo.preferences();
      const reads = newSpans(before);
      expect(reads.map((s) => [s.name, s.attributes['qbo_it.entity'], s.parentSpanContext])).toEqual([
        ['qbo.read', 'Preferences', undefined],
        ['qbo.read', 'Preferences', undefined],
        ['qbo.read', 'Preferences', undefined],
      ]);
      const waits = reads.map((s) => Number(s.attributes['qbo_it.throttle_wait_ms']));
      expect(waits[0]).toBeLessThan(100);
      expect(waits[1]).toBeGreaterThanOrEqual(100);
      expect(waits[2]).toBeGreaterThanOrEqual(100);
      expect(reads[0]?.attributes['qbo_it.realm']).toBe(emu.realmId);
    } finally {
      await emu.close();
    }
  });
});
