/**
 * Cost per call of the OpenTelemetry instrumentation of the HTTP transport, when the host registered
 * no SDK (the API's no-ops, the default) and, for comparison, with an SDK recording every span (then
 * dropped by the exporter) and metrics into a reader. It times (a) the instrumentation alone around an empty call (probe, call
 * span, exchange counter) against the empty call, and (b) a whole `HttpTransport.send` answered by an
 * in-process fetch, so the overhead can be read against the cost of a call without any network.
 * Run: npx tsx bench/telemetry-overhead.ts [calls=50000] [sends=5000]
 */
import { performance } from 'node:perf_hooks';
import { metrics, trace } from '@opentelemetry/api';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, SimpleSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { ApiError } from '../src/core/errors.js';
import { HttpTransport } from '../src/core/http.js';
import { CallTelemetry } from '../src/core/telemetry/call-telemetry.js';

const CALLS = Number(process.argv[2] ?? 50_000);
const SENDS = Number(process.argv[3] ?? 5_000);
const request = { method: 'GET', path: '/items' } as const;

/** Nanoseconds per iteration of `fn`, best of three rounds (the machine is shared). */
async function nsPer(n: number, fn: () => Promise<unknown>): Promise<number> {
  let best = Number.POSITIVE_INFINITY;
  for (let round = 0; round < 3; round += 1) {
    const start = performance.now();
    for (let i = 0; i < n; i += 1) await fn();
    best = Math.min(best, ((performance.now() - start) * 1e6) / n);
  }
  return best;
}

function transport(): HttpTransport {
  const body = JSON.stringify({ data: [] });
  return new HttpTransport({
    service: 'intellitrack',
    baseUrl: 'http://bench.invalid',
    fetch: async () => new Response(body, { headers: { 'content-type': 'application/json' } }),
    errorFactory: (ctx) => new ApiError(`HTTP ${ctx.status}`, { service: ctx.service }),
  });
}

async function measure(label: string): Promise<Record<string, string | number>> {
  const calls = new CallTelemetry({ service: 'intellitrack' });
  const empty = async (): Promise<number> => 1;
  const bare = await nsPer(CALLS, empty);
  const wrapped = await nsPer(CALLS, () => {
    const probe = calls.probe(request);
    return calls.trace(request, probe, async () => {
      probe.attempts += 1;
      calls.exchange(probe, 200);
      return 1;
    });
  });
  const http = transport();
  const send = await nsPer(SENDS, () => http.send(request));
  return {
    sdk: label,
    'empty call (ns)': Math.round(bare),
    'instrumented empty call (ns)': Math.round(wrapped),
    'overhead per call (ns)': Math.round(wrapped - bare),
    'HttpTransport.send, in-process fetch (µs)': Number((send / 1000).toFixed(1)),
  };
}

const rows = [await measure('none (API no-ops)')];
// Spans are built, ended and handed to an exporter that drops them, so memory stays flat.
const dropping: SpanExporter = {
  export: (_spans, done) => done({ code: 0 }),
  shutdown: async () => {},
};
trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(dropping)] }));
class Reader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}
metrics.setGlobalMeterProvider(new MeterProvider({ readers: [new Reader()] }));
rows.push(await measure('recording SDK'));
console.table(rows);
console.log(`node ${process.version}, ${CALLS} empty calls, ${SENDS} sends per round, best of 3 rounds`);
