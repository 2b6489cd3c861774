import Fastify, { type FastifyInstance, type FastifyBaseLogger, type RawServerDefault } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError, newId } from '@vivier/contracts';
import type { Logger } from './logger';
import { deferredChildLoggerFactory } from './deferred-child-logger';
import { registerErrorHandling } from './error-handler';
import { registerHealthRoutes, type ReadinessCheck } from './health';
import { registerMetrics } from './metrics';
import { registerBacklogMetrics, type BacklogSources } from './backlog-metrics';
import { installAuth } from './auth-plugin';
import { recordRoutes } from './registered-routes';
import type { TokenVerifier } from './token-verifier';

export type Service = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  ZodTypeProvider
>;

export interface CreateServiceOptions {
  name: string;
  logger: Logger;
  /** JSON body limit in bytes (default 1 MiB). */
  bodyLimit?: number;
  /** When given, registers `app.authenticate` backed by this verifier. */
  verifier?: TokenVerifier;
  readiness?: Record<string, ReadinessCheck>;
  /** Reported in /ready beside `readiness`, but their failure does not make the service unready. */
  reportedChecks?: Record<string, ReadinessCheck>;
  /** Facts /ready states beside the checks (e.g. how knowledge vectors are searched). */
  readyDetails?: () => Record<string, unknown>;
  /** Behind the gateway: trust X-Forwarded-For from it for the client IP. */
  trustProxy?: boolean | string | string[];
  /**
   * Keep a caller's `x-request-id` (default: true, for services behind the gateway). The public
   * edge sets false: it always mints its own id and logs the client's as `clientRequestId`.
   */
  trustRequestId?: boolean;
  /** The streams and queues this service consumes, reported on /metrics (lag, pending, dead letters, depth). */
  backlog?: BacklogSources;
  /**
   * Serve /metrics on this app (default true). The public edge sets false and serves `app.metrics`
   * on a port of its own (serveMetrics), so the public never reads it.
   */
  exposeMetrics?: boolean;
}

const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;
const DEFAULT_BODY_LIMIT = 1024 * 1024;

function validRequestId(value: string | string[] | undefined): string | undefined {
  return typeof value === 'string' && REQUEST_ID_PATTERN.test(value) ? value : undefined;
}

/**
 * A Fastify instance with everything every Vivier service shares: request ids, the zod type
 * provider, the one error handler, auth, health/readiness and metrics. The caller adds routes.
 */
export function createService(options: CreateServiceOptions): Service {
  const app = Fastify({
    // Widened to Fastify's logger type so the instance type stays the plain `Service`; the lint
    // rule misreads the inference here (tsc rejects the code without it).
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
    loggerInstance: options.logger as FastifyBaseLogger,
    // Each request's logger (with its request id) becomes a pino child only once it logs a line.
    childLoggerFactory: deferredChildLoggerFactory,
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    trustProxy: options.trustProxy ?? false,
    requestIdHeader: false,
    genReqId: (request) => {
      const given = validRequestId(request.headers['x-request-id']);
      return given && options.trustRequestId !== false ? given : newId('request');
    },
    return503OnClosing: true,
  }).withTypeProvider<ZodTypeProvider>();

  recordRoutes(app);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', request.id);
    if (options.trustRequestId === false) {
      // A client's id is its own business: kept apart, so it can neither collide with nor
      // impersonate ours in the logs and downstream.
      const clientRequestId = validRequestId(request.headers['x-request-id']);
      if (clientRequestId) request.log = request.log.child({ clientRequestId });
    }
  });

  // A path parameter with a NUL byte names nothing (and PostgreSQL refuses the byte in a query,
  // which would be a 500): 404, as for any unknown or malformed id. After authentication.
  app.addHook('preValidation', async (request) => {
    const params = request.params as Record<string, unknown> | undefined;
    if (
      params &&
      Object.values(params).some((value) => typeof value === 'string' && value.includes('\u0000'))
    ) {
      throw new AppError('NOT_FOUND', 'Not found');
    }
  });
  registerErrorHandling(app);
  const metrics = registerMetrics(app, options.name, { expose: options.exposeMetrics ?? true });
  if (options.backlog) registerBacklogMetrics(metrics, options.backlog);
  registerHealthRoutes(app, options.readiness ?? {}, options.reportedChecks ?? {}, options.readyDetails);
  if (options.verifier) installAuth(app, options.verifier);
  return app;
}
