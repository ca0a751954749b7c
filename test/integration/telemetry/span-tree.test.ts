import { metrics, trace } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ALL_FLOWS } from '../../../src/sync/scope.js';
import { startWorld, type World } from '../sync/harness.js';
import { COMPANY } from '../sync/scenario.js';
import { type Capture, type Point, parentOf, startCapture } from './capture.js';

const worlds: World[] = [];
let cap: Capture;

// The host's SDK is registered globally; neither the clients nor the Synchronizer are given telemetry.
beforeAll(() => {
  cap = startCapture();
  trace.setGlobalTracerProvider(cap.tracerProvider);
  metrics.setGlobalMeterProvider(cap.meterProvider);
});
afterAll(async () => {
  trace.disable();
  metrics.disable();
  await cap.shutdown();
});
afterEach(async () => {
  await Promise.all(worlds.splice(0).map((w) => w.close()));
});

const isCall = (s: ReadableSpan): boolean => /^(qbo|intellitrack)\./.test(s.name);
const sum = (points: Point[], where: (p: Point) => boolean): number =>
  points.filter(where).reduce((n, p) => n + p.value, 0);

describe('telemetry of a sync with the globally registered SDK', () => {
  it('makes a run span, a flow span per flow under it and every call under one of them', async () => {
    const w = await startWorld({ company: COMPANY, seed: 5 });
    worlds.push(w);
    const report = await w.sync.syncAll();
    const spans = cap.spans();
    const runs = spans.filter((s) => s.name === 'sync.run');
    expect(runs).toHaveLength(1);
    const run = runs[0] as ReadableSpan;
    expect(parentOf(run)).toBeUndefined();
    expect(run.attributes).toMatchObject({
      'qbo_it.operation': 'syncAll',
      'qbo_it.realm': w.qbo.realmId,
      'qbo_it.outcome': 'completed',
      'qbo_it.dry_run': false,
    });
    const flows = spans.filter((s) => s.name === 'sync.flow');
    expect(flows.map((f) => f.attributes['qbo_it.flow'])).toEqual(ALL_FLOWS.map((f) => f.name));
    for (const f of flows) expect(parentOf(f)).toBe(run.spanContext().spanId);

    const calls = spans.filter(isCall);
    const parents = new Map([run, ...flows].map((s) => [s.spanContext().spanId, s]));
    for (const c of calls) {
      expect(parents.has(parentOf(c) ?? ''), `${c.name} has no run or flow parent`).toBe(true);
      expect(c.spanContext().traceId).toBe(run.spanContext().traceId);
      expect(c.attributes).toMatchObject({
        'qbo_it.realm': w.qbo.realmId,
        'qbo_it.attempts': 1,
        'http.response.status_code': expect.any(Number),
        'qbo_it.outcome': 'success',
        'qbo_it.throttle_wait_ms': expect.any(Number),
      });
      expect(c.attributes['qbo_it.entity'], c.name).toEqual(expect.any(String));
    }
    const qboCalls = calls.filter((c) => c.name.startsWith('qbo.'));
    expect(qboCalls.length).toBe(Object.values(report.calls.qbo).reduce((a, b) => a + b, 0));
    const itemsFlow = flows.find((f) => f.attributes['qbo_it.flow'] === 'items');
    const bulk = calls.filter((c) => c.name === 'intellitrack.bulk' && parentOf(c) === itemsFlow?.spanContext().spanId);
    expect(bulk.length).toBeGreaterThan(0);
    expect(bulk[0]?.attributes['qbo_it.batch_size']).toBeGreaterThan(0);

    const callPoints = await cap.points('qbo_it.calls');
    expect(sum(callPoints, (p) => p.attributes['qbo_it.service'] === 'qbo')).toBe(qboCalls.length);
    const runPoints = await cap.points('qbo_it.run.duration');
    expect(runPoints).toEqual([
      expect.objectContaining({
        count: 1,
        attributes: { 'qbo_it.operation': 'syncAll', 'qbo_it.outcome': 'completed' },
      }),
    ]);
    const created = Object.values(report.entities).reduce((n, e) => n + (e?.created ?? 0), 0);
    expect(created).toBeGreaterThan(0);
    const writes = await cap.points('qbo_it.writes');
    expect(sum(writes, (p) => p.attributes['qbo_it.action'] === 'created')).toBe(created);
    const leaseWaits = await cap.points('qbo_it.lease.wait');
    expect(leaseWaits).toEqual([expect.objectContaining({ count: 1, attributes: { 'qbo_it.outcome': 'acquired' } })]);
  });
});
