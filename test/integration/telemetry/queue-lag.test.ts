import { metrics, trace } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import { Telemetry } from '../../../src/core/telemetry/telemetry.js';
import { recordQueueLag } from '../../../src/index.js';
import { startCapture } from './capture.js';

afterEach(() => {
  trace.disable();
  metrics.disable();
});

describe('recordQueueLag', () => {
  it('records seconds into qbo_it.queue.lag of the given meter, a negative lag as 0', async () => {
    const cap = startCapture();
    recordQueueLag(1500, { queue: 'sync', job: 'sync' }, { meter: cap.meter });
    recordQueueLag(-20, { queue: 'webhook' }, { meter: cap.meter });
    const points = await cap.points('qbo_it.queue.lag');
    expect(points).toEqual([
      { attributes: { 'qbo_it.queue': 'sync', 'qbo_it.job': 'sync' }, value: 1.5, count: 1 },
      { attributes: { 'qbo_it.queue': 'webhook' }, value: 0, count: 1 },
    ]);
    await cap.shutdown();
  });

  it('uses the meter provider registered globally, even one registered after construction', async () => {
    const telemetry = new Telemetry();
    // Nothing registered: the API's no-op span records nothing.
    await telemetry.span('noop', {}, async (span) => expect(span.isRecording()).toBe(false));
    const cap = startCapture();
    metrics.setGlobalMeterProvider(cap.meterProvider);
    trace.setGlobalTracerProvider(cap.tracerProvider);
    recordQueueLag(250, { queue: 'sync' });
    await telemetry.span('recorded', {}, async (span) => expect(span.isRecording()).toBe(true));
    expect(await cap.points('qbo_it.queue.lag')).toEqual([
      { attributes: { 'qbo_it.queue': 'sync' }, value: 0.25, count: 1 },
    ]);
    expect(cap.spans().map((s) => s.name)).toEqual(['recorded']);
    await cap.shutdown();
  });
});
