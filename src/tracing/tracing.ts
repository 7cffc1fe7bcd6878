import { SpanStatusCode, context, propagation, trace, type Attributes, type Context, type Link, type Span } from '@opentelemetry/api';

/**
 * OpenTelemetry tracing of a command from its request to its projection, off unless
 * OTEL_EXPORTER_OTLP_ENDPOINT is set (the exporter reads that and the other OTEL_* variables itself).
 * Off, the API's no-op tracer makes every span below cost next to nothing. A command's events carry
 * the W3C `traceparent` of its span in their metadata, so the worker that projects them, in another
 * process, continues the same trace.
 */
export const tracer = trace.getTracer('practice-audit');

let shutdown: (() => Promise<void>) | null = null;

export async function startTracing(endpoint: string | null, role: string): Promise<boolean> {
  if (!endpoint || shutdown) return false;
  // Loaded only when tracing is on.
  const [{ NodeTracerProvider, BatchSpanProcessor }, { OTLPTraceExporter }, { resourceFromAttributes }] = await Promise.all([
    import('@opentelemetry/sdk-trace-node'),
    import('@opentelemetry/exporter-trace-otlp-http'),
    import('@opentelemetry/resources'),
  ]);
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': process.env.OTEL_SERVICE_NAME ?? 'practice-audit', 'practice_audit.role': role }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
  });
  // The AsyncLocalStorage context manager and the W3C trace-context propagator.
  provider.register();
  shutdown = () => provider.shutdown();
  return true;
}

/** Sends the spans still buffered. */
export async function stopTracing(): Promise<void> {
  const stop = shutdown;
  shutdown = null;
  await stop?.().catch(() => undefined);
}

export function tracing(): boolean {
  return shutdown !== null;
}

/** The active span as a W3C traceparent, for an event's metadata; undefined when not tracing. */
export function currentTraceparent(): string | undefined {
  if (!shutdown) return undefined;
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent;
}

/** The span context a traceparent names, as a parent context. */
export function contextOf(traceparent: string): Context {
  return propagation.extract(context.active(), { traceparent });
}

/** Runs `work` in a new active span (child of `parent`, or of the active one), ending it however it ends. */
export function inSpan<T>(name: string, attributes: Attributes, work: (span: Span) => Promise<T>, parent?: Context, links?: Link[]): Promise<T> {
  return tracer.startActiveSpan(name, { attributes, links }, parent ?? context.active(), async (span) => {
    try {
      return await work(span);
    } catch (error) {
      span.recordException(error instanceof Error ? error : String(error));
      span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
      throw error;
    } finally {
      span.end();
    }
  });
}

/** The span a batch of events is projected in: child of the last traced event's span, linked to the others. */
export function projectionParent(traceparents: string[]): { parent: Context; links: Link[] } | null {
  if (!shutdown || traceparents.length === 0) return null;
  const links = traceparents.slice(0, -1).flatMap((tp) => {
    const spanContext = trace.getSpanContext(contextOf(tp));
    return spanContext ? [{ context: spanContext }] : [];
  });
  return { parent: contextOf(traceparents[traceparents.length - 1]), links };
}
