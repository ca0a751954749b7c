import { type Attributes, context, type Meter, type Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { type DataPoint, MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';

/** A reader that exports only when the test collects. */
class ManualReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

/** One data point of a metric, its value a number (counter) or a histogram's count and sum. */
export interface Point {
  attributes: Attributes;
  value: number;
  count: number;
}

/** An OTel SDK recording into memory: the spans finished and the metrics collected on demand. */
export interface Capture {
  tracerProvider: BasicTracerProvider;
  meterProvider: MeterProvider;
  tracer: Tracer;
  meter: Meter;
  spans(): ReadableSpan[];
  /** The points of metric `name` at the time of the call (cumulative). */
  points(name: string): Promise<Point[]>;
  shutdown(): Promise<void>;
}

/** Starts an SDK with an in-memory span exporter and a manual metric reader; enables async context. */
export function startCapture(): Capture {
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const reader = new ManualReader();
  const meterProvider = new MeterProvider({ readers: [reader] });
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  return {
    tracerProvider,
    meterProvider,
    tracer: tracerProvider.getTracer('test'),
    meter: meterProvider.getMeter('test'),
    spans: () => exporter.getFinishedSpans(),
    async points(name) {
      const { resourceMetrics } = await reader.collect();
      const metric = resourceMetrics.scopeMetrics.flatMap((s) => s.metrics).find((m) => m.descriptor.name === name);
      return (metric?.dataPoints ?? []).map((p: DataPoint<unknown>) => toPoint(p));
    },
    async shutdown() {
      context.disable();
      await Promise.all([tracerProvider.shutdown(), meterProvider.shutdown()]);
    },
  };
}

function toPoint(p: DataPoint<unknown>): Point {
  const v = p.value as number | { count: number; sum?: number };
  return typeof v === 'number'
    ? { attributes: p.attributes, value: v, count: 1 }
    : { attributes: p.attributes, value: v.sum ?? 0, count: v.count };
}

/** The span's parent span id (SDK 2 keeps it in `parentSpanContext`). */
export function parentOf(span: ReadableSpan): string | undefined {
  return span.parentSpanContext?.spanId;
}
