import { context, trace } from '@opentelemetry/api';
import { pino, type Logger as PinoLogger, type DestinationStream } from 'pino';

export type Logger = PinoLogger;

/**
 * Everything that can carry a secret. Paths are matched on log objects (request headers,
 * bodies we choose to log, errors), so a careless `log.info({ body })` still leaks nothing.
 */
export const redactPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-internal-token"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  '*.password',
  '*.newPassword',
  '*.passwordHash',
  '*.token',
  '*.accessToken',
  '*.refreshToken',
  '*.apiKey',
  '*.privateKey',
  'password',
  'token',
  'accessToken',
  'refreshToken',
  'apiKey',
];

/**
 * The active span's ids on every line logged inside it, named as OpenTelemetry's log data model
 * names them, so a log line leads to its trace in Jaeger or Tempo. Nothing while tracing is off.
 */
function traceFields(): Record<string, string> {
  const spanContext = trace.getSpan(context.active())?.spanContext();
  if (!spanContext || !trace.isSpanContextValid(spanContext)) return {};
  const { traceId, spanId, traceFlags } = spanContext;
  return { trace_id: traceId, span_id: spanId, trace_flags: traceFlags.toString(16).padStart(2, '0') };
}

export function createLogger(options: { name: string; level: string; stream?: DestinationStream }): Logger {
  return pino(
    {
      name: options.name,
      level: options.level,
      redact: { paths: redactPaths, censor: '[redacted]' },
      mixin: traceFields,
      // Query strings can carry tokens (e.g. a verification link); log the path only.
      serializers: {
        req: (req: { method: string; url: string; id: string; ip?: string }) => ({
          method: req.method,
          url: req.url.split('?')[0],
          id: req.id,
        }),
        err: pino.stdSerializers.err,
      },
    },
    options.stream,
  );
}
