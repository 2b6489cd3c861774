import {
  AppError,
  DEFAULT_CHAT_TITLE,
  ErrorCode,
  type ChatCompletionRequest,
  type OpenAiModelList,
  type StreamFrame,
  type Usage,
} from '@vivier/contracts';
import { isTerminalFrame } from '@vivier/bus';
import type { ChatDb } from '@vivier/db';
import type { ListedModel, ProviderRegistry } from '@vivier/providers';
import type { Logger } from '@vivier/service-kit';
import { splitConversation, toOpenAiFinishReason } from '../lib/openai-format';
import type { FrameRelay } from './frame-relay';
import type { GenerationService } from './generation-service';
import type { RequestContext } from './request-context';

export interface OpenAiServiceDeps {
  db: ChatDb;
  registry: Pick<ProviderRegistry, 'listModels'>;
  generations: Pick<GenerationService, 'startExchange' | 'cancelGeneration'>;
  relay: Pick<FrameRelay, 'subscribe'>;
  logger: Logger;
  clock: () => Date;
  newId: (kind: 'chat' | 'message') => string;
}

/** The title of a chat made for one /v1 request; not the default, so no title job runs for it. */
const EPHEMERAL_TITLE = 'API request';

export interface StartedCompletion {
  userId: string;
  chatId: string;
  generationId: string;
  assistantMessageId: string;
  model: string;
  /** `store: true`: the chat stays in the user's list; otherwise it is deleted once answered. */
  isKept: boolean;
}

export type CompletionOutcome =
  | { kind: 'done'; text: string; usage: Usage; finishReason: ReturnType<typeof toOpenAiFinishReason> }
  | { kind: 'failed'; code: ErrorCode; message: string }
  | { kind: 'cancelled' };

/** `model.id` where it is unique among the offered models, else `provider/model`. */
function publicIds(models: ListedModel[]): Array<{ id: string; model: ListedModel }> {
  const counts = new Map<string, number>();
  for (const model of models) counts.set(model.id, (counts.get(model.id) ?? 0) + 1);
  return models.map((model) => ({
    id: counts.get(model.id) === 1 ? model.id : `${model.providerId}/${model.id}`,
    model,
  }));
}

/**
 * The OpenAI-compatible API over the web app's pipeline: a request becomes a chat (its system
 * prompt and earlier turns written as messages) and an exchange started exactly as
 * `POST /api/chats/:id/messages` starts one (model check, quota reservation, queued generation,
 * `generation.requested`); the provider-worker answers it and the frames are read back through
 * the same relay as SSE and WebSocket clients. Unless the request says `store: true`, the chat is
 * deleted once the answer has ended (the usage ledger keeps the charge: it is billing's row).
 */
export function createOpenAiService(deps: OpenAiServiceDeps) {
  const { db } = deps;

  async function resolveModel(requested: string): Promise<ListedModel> {
    const listed = publicIds(await deps.registry.listModels());
    const found =
      listed.find((entry) => entry.id === requested)?.model ??
      listed.find((entry) => entry.model.id === requested)?.model ??
      listed.find((entry) => `${entry.model.providerId}/${entry.model.id}` === requested)?.model;
    if (!found) {
      throw new AppError(
        'NOT_FOUND',
        `The model \`${requested}\` does not exist or you do not have access to it.`,
        {
          details: [{ path: 'model', message: 'not offered' }],
        },
      );
    }
    return found;
  }

  async function discard(started: StartedCompletion): Promise<void> {
    if (started.isKept) return;
    await db.chat
      .deleteMany({ where: { id: started.chatId, userId: started.userId } })
      .catch((error: unknown) =>
        deps.logger.error({ err: error, chatId: started.chatId }, 'could not delete an API request’s chat'),
      );
  }

  return {
    /** What `userId` may use (models an admin limits to groups they are not in are left out). */
    async listModels(userId: string): Promise<OpenAiModelList> {
      return {
        object: 'list',
        data: publicIds(await deps.registry.listModels(userId)).map(({ id, model }) => ({
          id,
          object: 'model' as const,
          created: 0,
          owned_by: model.providerLabel ?? model.providerId,
        })),
      };
    },

    async startCompletion(
      context: RequestContext,
      request: ChatCompletionRequest,
    ): Promise<StartedCompletion> {
      const conversation = splitConversation(request.messages);
      if ('error' in conversation) {
        throw new AppError('VALIDATION_FAILED', 'Invalid messages', {
          details: [{ path: 'messages', message: conversation.error }],
        });
      }
      if ((conversation.systemPrompt?.length ?? 0) > 20_000) {
        throw new AppError('VALIDATION_FAILED', 'Invalid messages', {
          details: [
            { path: 'messages', message: 'system messages are longer than 20000 characters together' },
          ],
        });
      }
      const model = await resolveModel(request.model);
      const maxTokens = request.max_completion_tokens ?? request.max_tokens;
      const isKept = request.store === true;
      const chatId = deps.newId('chat');
      let parentId: string | null = null;
      const history = conversation.history.map((turn) => {
        const row = {
          id: deps.newId('message'),
          chatId,
          userId: context.userId,
          parentId,
          role: turn.role,
          content: turn.content,
          status: 'complete' as const,
          createdAt: deps.clock(),
        };
        parentId = row.id;
        return row;
      });
      await db.$transaction([
        db.chat.create({
          data: {
            id: chatId,
            userId: context.userId,
            // A kept chat gets the default title, so the worker names it like any other.
            title: isKept ? DEFAULT_CHAT_TITLE : EPHEMERAL_TITLE,
            provider: model.providerId,
            model: model.id,
            settings: {
              ...(conversation.systemPrompt ? { systemPrompt: conversation.systemPrompt } : {}),
              ...(request.temperature == null ? {} : { temperature: request.temperature }),
              ...(maxTokens == null ? {} : { maxTokens }),
            },
          },
        }),
        db.message.createMany({ data: history }),
      ]);
      const chat = { id: chatId, provider: model.providerId, model: model.id };
      try {
        const started = await deps.generations.startExchange(context, {
          chat,
          userMessage: { content: conversation.prompt, parentId, fileIds: [] },
        });
        return {
          userId: context.userId,
          chatId,
          generationId: started.generationId,
          assistantMessageId: started.assistantMessage.id,
          model: request.model,
          isKept,
        };
      } catch (error) {
        // Nothing was asked of a provider (quota spent, model gone): no chat is left behind.
        await db.chat.deleteMany({ where: { id: chatId, userId: context.userId } });
        throw error;
      }
    },

    /**
     * Follows the generation to its end. `onText` gets the answer as it grows, each character
     * once: after a `reset` (a worker died and another started over) the retried answer is
     * passed on only beyond what was already given. `signal` (the client went away) cancels it.
     */
    followCompletion(
      started: StartedCompletion,
      options: { onText?: (text: string) => void; signal?: AbortSignal } = {},
    ): Promise<CompletionOutcome & { text?: string }> {
      return new Promise((resolve) => {
        let text = '';
        let given = 0;
        const onAbort = () => {
          deps.generations.cancelGeneration(started.userId, started.generationId).catch(() => {
            // Already ended: nothing to cancel.
          });
        };
        options.signal?.addEventListener('abort', onAbort, { once: true });
        const finish = async (frame: StreamFrame) => {
          options.signal?.removeEventListener('abort', onAbort);
          let outcome: CompletionOutcome & { text?: string };
          if (frame.type === 'done') {
            const message = await db.message.findUnique({
              where: { id: started.assistantMessageId },
              select: { finishReason: true },
            });
            outcome = {
              kind: 'done',
              text,
              usage: frame.usage,
              finishReason: toOpenAiFinishReason(message?.finishReason),
            };
          } else if (frame.type === 'error') {
            const known = ErrorCode.safeParse(frame.code);
            outcome = {
              kind: 'failed',
              code: known.success ? known.data : 'PROVIDER_UNAVAILABLE',
              message: frame.message,
            };
          } else {
            outcome = { kind: 'cancelled', text };
          }
          await discard(started);
          resolve(outcome);
        };
        deps.relay.subscribe(started.generationId, undefined, (frame) => {
          if (frame.type === 'delta') {
            text += frame.text;
            if (text.length > given) {
              options.onText?.(text.slice(given));
              given = text.length;
            }
          } else if (frame.type === 'reset') {
            text = '';
          } else if (isTerminalFrame(frame)) {
            void finish(frame).catch((error: unknown) => {
              deps.logger.error(
                { err: error, generationId: started.generationId },
                'completion not finished',
              );
              resolve({ kind: 'failed', code: 'INTERNAL', message: 'The answer could not be read back' });
            });
          }
          // Other frames (reasoning, …) are not part of an OpenAI chat completion's content.
        });
      });
    },
  };
}

export type OpenAiService = ReturnType<typeof createOpenAiService>;
