import { PassThrough } from 'node:stream';
import { AppError, ChatCompletionRequest, OpenAiModelList, type ChatCompletion } from '@vivier/contracts';
import { openAiError, registerOpenAiErrorHandling, type Service } from '@vivier/service-kit';
import { completionChunk, SSE_DONE, sseData, toOpenAiUsage } from '../lib/openai-format';
import type { OpenAiService } from '../services/openai-service';
import { contextOf } from './request-context';

/**
 * The OpenAI-compatible API (`/v1`), reached through the gateway, which has already exchanged the
 * caller's API key for an access token: here the caller is an ordinary signed-in user. Errors in
 * OpenAI's shape (this plugin's own error handler), so the `openai` SDKs raise their typed errors.
 */
export async function openAiRoutes(app: Service, { openai }: { openai: OpenAiService }) {
  registerOpenAiErrorHandling(app);
  app.addHook('onRequest', app.authenticate);
  const openStreams = new Set<PassThrough>();
  // A streamed answer never ends on its own while the generation runs: end them so close() can finish.
  app.addHook('preClose', async () => {
    for (const stream of openStreams) stream.end();
  });

  app.get('/v1/models', { schema: { response: { 200: OpenAiModelList } } }, (request) =>
    openai.listModels(contextOf(request).userId),
  );

  app.post(
    '/v1/chat/completions',
    // No response schema: the answer is either a ChatCompletion (typed below) or an SSE stream.
    { schema: { body: ChatCompletionRequest } },
    async (request, reply) => {
      const body = request.body;
      const started = await openai.startCompletion(contextOf(request), body);
      const head = {
        id: `chatcmpl-${started.generationId}`,
        created: Math.floor(Date.now() / 1000),
        model: started.model,
      };
      // The client went away before the answer was complete: the generation is cancelled.
      const clientGone = new AbortController();
      reply.raw.once('close', () => {
        if (!reply.raw.writableFinished) clientGone.abort();
      });

      if (!body.stream) {
        const outcome = await openai.followCompletion(started, { signal: clientGone.signal });
        if (outcome.kind === 'failed') throw new AppError(outcome.code, outcome.message);
        if (outcome.kind === 'cancelled')
          throw new AppError('UPSTREAM_UNAVAILABLE', 'The answer was cancelled');
        const completion: ChatCompletion = {
          id: head.id,
          object: 'chat.completion',
          created: head.created,
          model: head.model,
          choices: [
            {
              index: 0,
              message: { role: 'assistant', content: outcome.text, refusal: null },
              finish_reason: outcome.finishReason,
              logprobs: null,
            },
          ],
          usage: toOpenAiUsage(outcome.usage),
          ...(started.isKept ? { vivier_chat_id: started.chatId } : {}),
        };
        return reply.send(completion);
      }

      // OpenAI's stream: a role chunk, content deltas, a chunk with the finish reason, the usage
      // chunk when asked for (`usage: null` on every chunk before it), then `[DONE]`.
      const includeUsage = body.stream_options?.include_usage === true;
      const usageField = includeUsage ? null : undefined;
      const stream = new PassThrough();
      openStreams.add(stream);
      stream.once('close', () => openStreams.delete(stream));
      stream.write(sseData(completionChunk(head, { delta: { role: 'assistant', content: '' } }, usageField)));
      void openai
        .followCompletion(started, {
          signal: clientGone.signal,
          onText: (text) =>
            stream.write(sseData(completionChunk(head, { delta: { content: text } }, usageField))),
        })
        .then((outcome) => {
          if (outcome.kind === 'done') {
            stream.write(
              sseData(completionChunk(head, { delta: {}, finishReason: outcome.finishReason }, usageField)),
            );
            if (includeUsage)
              stream.write(sseData(completionChunk(head, null, toOpenAiUsage(outcome.usage))));
            stream.write(SSE_DONE);
          } else if (outcome.kind === 'failed') {
            // Headers are sent: OpenAI reports a failure mid-stream as an `error` event.
            stream.write(sseData(openAiError({ code: outcome.code, message: outcome.message }).body));
          }
          stream.end();
        });
      return reply
        .header('content-type', 'text/event-stream; charset=utf-8')
        .header('cache-control', 'no-cache, no-transform')
        .header('x-accel-buffering', 'no')
        .send(stream);
    },
  );

  // Any other /v1 path: OpenAI's 404, not the web app's.
  app.all('/v1/*', async () => {
    throw new AppError('NOT_FOUND', 'Unknown API path');
  });
}
