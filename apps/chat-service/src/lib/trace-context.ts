import { context, propagation } from '@opentelemetry/api';

/**
 * The W3C `traceparent` of the current span, for bus events, so one trace spans chat-service and
 * provider-worker. Without tracing (no OTLP endpoint) the caller's own header is passed on, which
 * still ties the worker to the gateway's trace.
 */
export function currentTraceparent(incoming?: string | string[]): string | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  if (carrier.traceparent) return carrier.traceparent;
  return typeof incoming === 'string' && /^[\da-f]{2}-[\da-f]{32}-[\da-f]{16}-[\da-f]{2}$/.test(incoming)
    ? incoming
    : undefined;
}
