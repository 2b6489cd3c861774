import type { FastifyRequest } from 'fastify';
import { callerOf } from '@vivier/service-kit';
import { currentTraceparent } from '../lib/trace-context';
import type { RequestContext } from '../services/request-context';

/** The authenticated caller plus the ids that travel with the request into bus events. */
export function contextOf(request: FastifyRequest): RequestContext {
  return {
    userId: callerOf(request).id,
    requestId: request.id,
    traceparent: currentTraceparent(request.headers.traceparent),
  };
}
