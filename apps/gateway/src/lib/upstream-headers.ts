import type { IncomingHttpHeaders } from 'node:http';
import { INTERNAL_TOKEN_HEADER } from '@vivier/service-kit';

/**
 * Headers sent upstream: the request id (so one id spans every service's logs), the client IP as
 * the gateway saw it, and never a client-supplied internal token. Nor the client's trace context:
 * the gateway's own span is the upstream's parent (its HTTP client instrumentation adds that
 * `traceparent`; a second copy of the header would make the pair unreadable upstream).
 */
/** The parts of a Fastify request used here (structural, so HTTP/1 and HTTP/2 requests both fit). */
interface ProxiedRequest {
  id: string;
  ip: string;
  protocol: string;
  headers: { host?: string; authorization?: string };
}

export function upstreamHeaders(request: ProxiedRequest, headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const { [INTERNAL_TOKEN_HEADER]: _token, traceparent: _parent, tracestate: _state, ...rest } = headers;
  return {
    ...rest,
    'x-request-id': request.id,
    'x-forwarded-for': request.ip,
    'x-forwarded-proto': request.protocol,
    'x-forwarded-host': request.headers.host ?? '',
  };
}

/** The WebSocket upgrade forwards only what chat-service needs: the token and the ids. */
export function upstreamWebSocketHeaders(
  headers: Record<string, string>,
  request: ProxiedRequest,
): Record<string, string> {
  return {
    ...headers,
    ...(request.headers.authorization ? { authorization: request.headers.authorization } : {}),
    'x-request-id': request.id,
    'x-forwarded-for': request.ip,
  };
}
