import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Span,
} from '@opentelemetry/api';

/**
 * Producer and consumer spans for the bus (no instrumentation knows Redis Streams as messaging).
 * The producer's context travels in the event's W3C `traceparent`, so the consumer's span, and all
 * it does (the provider call, the frames), continues the publisher's trace. With no tracer provider
 * registered (tracing off) these spans are no-ops.
 */
const tracer = trace.getTracer('@vivier/bus');

async function inSpan<T>(span: Span, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    span.recordException(error as Error);
    span.setStatus({ code: SpanStatusCode.ERROR });
    throw error;
  } finally {
    span.end();
  }
}

/** Runs `publish` in a `send <stream>` span; it gets the span's traceparent (undefined when off). */
export function tracePublish<T>(stream: string, publish: (traceparent?: string) => Promise<T>): Promise<T> {
  return tracer.startActiveSpan(
    `send ${stream}`,
    {
      kind: SpanKind.PRODUCER,
      attributes: {
        'messaging.system': 'redis_streams',
        'messaging.operation.type': 'send',
        'messaging.destination.name': stream,
      },
    },
    (span) => {
      const carrier: { traceparent?: string } = {};
      propagation.inject(context.active(), carrier);
      return inSpan(span, () => publish(carrier.traceparent));
    },
  );
}

/** The traceparent an event carries, if it is an object with one. */
function traceparentOf(event: unknown): string | undefined {
  const value = (event as { traceparent?: unknown } | null)?.traceparent;
  return typeof value === 'string' ? value : undefined;
}

/** Runs a handler in a `process <stream>` span whose parent is the publisher's span. */
export function traceProcess<T>(
  where: { stream: string; group: string; entryId: string },
  event: unknown,
  handle: () => Promise<T>,
): Promise<T> {
  const traceparent = traceparentOf(event);
  const parent = traceparent ? propagation.extract(ROOT_CONTEXT, { traceparent }) : ROOT_CONTEXT;
  return tracer.startActiveSpan(
    `process ${where.stream}`,
    {
      kind: SpanKind.CONSUMER,
      attributes: {
        'messaging.system': 'redis_streams',
        'messaging.operation.type': 'process',
        'messaging.destination.name': where.stream,
        'messaging.consumer.group.name': where.group,
        'messaging.message.id': where.entryId,
      },
    },
    parent,
    (span) => inSpan(span, handle),
  );
}
