import { z } from 'zod';
import { AcceptedResponse, AppError, IdParams } from '@vivier/contracts';
import { callerOf, type Service } from '@vivier/service-kit';
import type { SlowClientLimits } from '../lib/slow-client';
import { isStreamId } from '../lib/stream-ids';
import type { FrameRelay } from '../services/frame-relay';
import type { GenerationService } from '../services/generation-service';
import type { OpenSockets } from '../services/open-sockets';
import { openSseStream } from '../services/sse-stream';

/** `?after=` is the fallback for clients that cannot set Last-Event-ID. */
const StreamQuery = z.object({ after: z.string().max(64).optional() });

function resumePoint(
  lastEventId: string | string[] | undefined,
  after: string | undefined,
): string | undefined {
  const given = (typeof lastEventId === 'string' && lastEventId !== '' ? lastEventId : undefined) ?? after;
  if (given !== undefined && !isStreamId(given)) {
    throw new AppError('VALIDATION_FAILED', 'Invalid resume point', {
      details: [{ path: 'after', message: 'must be a frame id from this stream' }],
    });
  }
  return given;
}

export async function generationRoutes(
  app: Service,
  {
    generations,
    relay,
    slowClient,
    openSockets,
  }: {
    generations: GenerationService;
    relay: FrameRelay;
    slowClient: SlowClientLimits;
    /** An SSE stream ends, like a WebSocket, when its session is signed out or its account disabled. */
    openSockets: Pick<OpenSockets, 'add'>;
  },
) {
  const openStreams = new Set<{ close(): void }>();
  app.addHook('onRequest', app.authenticate);
  // An SSE response never ends on its own while a generation runs: end them so close() can finish.
  app.addHook('preClose', async () => {
    for (const stream of openStreams) stream.close();
  });

  app.post(
    '/api/generations/:id/cancel',
    { schema: { params: IdParams, response: { 202: AcceptedResponse } } },
    async (request, reply) => {
      await generations.cancelGeneration(callerOf(request).id, request.params.id);
      return reply.status(202).send({ ok: true });
    },
  );

  app.get(
    '/api/generations/:id/stream',
    { schema: { params: IdParams, querystring: StreamQuery } },
    async (request, reply) => {
      const after = resumePoint(request.headers['last-event-id'], request.query.after);
      const caller = callerOf(request);
      const isRunning = await generations.isOwnedGenerationRunning(caller.id, request.params.id);
      const sse = openSseStream(relay, request.params.id, after, {
        isRunning,
        slowClient,
        onOverflow: () => reply.raw.destroy(),
      });
      openStreams.add(sse);
      // Ended, not destroyed: a browser's EventSource reconnects, and the gateway refuses that request.
      const forget = openSockets.add({ userId: caller.id, sessionId: caller.sessionId }, () => sse.close());
      reply.raw.once('close', () => {
        sse.close();
        openStreams.delete(sse);
        forget();
      });
      return reply
        .header('content-type', 'text/event-stream; charset=utf-8')
        .header('cache-control', 'no-cache, no-transform')
        .header('x-accel-buffering', 'no')
        .send(sse.stream);
    },
  );
}
