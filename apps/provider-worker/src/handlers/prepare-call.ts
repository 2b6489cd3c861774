import type { ChatDb } from '@vivier/db';
import {
  findModel,
  fitPrompt,
  ProviderError,
  unknownModel,
  withFallback,
  type AIProvider,
  type ChatRequest,
  type ProviderKind,
  type ProviderRegistry,
} from '@vivier/providers';
import type { Logger } from '@vivier/service-kit';
import { buildBranchPrompt, loadBranch } from '../lib/branch-prompt';
import { branchAttachments, type AttachmentSource } from '../lib/file-attachments';
import { parseChatSettings } from '../lib/chat-settings';
import type { GenerationRecord } from './settle-generation';

/** A provider call ready to start: everything decided before the first byte is requested. */
export interface PreparedCall {
  provider: AIProvider;
  request: ChatRequest;
}

export interface PrepareCallDeps {
  db: Pick<ChatDb, '$queryRaw'>;
  providers: Pick<ProviderRegistry, 'get'>;
  logger: Logger;
  /** Where attached files come from; without it, messages go to the model as text only. */
  attachments?: AttachmentSource;
}

/** The chat's provider, behind its fallback model when the chat has one. */
function resolveProvider(deps: PrepareCallDeps, generation: GenerationRecord): AIProvider {
  const provider = deps.providers.get(generation.provider);
  if (!provider) {
    throw new ProviderError(
      'PROVIDER_UNAVAILABLE',
      `The ${generation.provider} provider is not configured.`,
      {
        upstreamMessage: `no ${generation.provider} provider in this worker's environment`,
      },
    );
  }
  const fallbackModel = generation.chat.fallbackModel;
  if (!fallbackModel || fallbackModel === generation.model) return provider;
  return withFallback(
    provider,
    { model: fallbackModel },
    {
      onFallback: (error, target) =>
        deps.logger.warn({ err: error, fallbackModel: target.model }, 'falling back to another model'),
    },
  );
}

/**
 * chat-core-design.md step 3: the branch from the root to the user message, the chat's system
 * prompt first, the user's files attached (lib/file-attachments), fitted to the model's context window with room kept for the answer; temperature
 * and maxTokens from the chat settings. Throws ProviderError (CONTEXT_TOO_LONG, an unconfigured
 * provider) for failures the user should see.
 */
export async function prepareProviderCall(
  deps: PrepareCallDeps,
  generation: GenerationRecord,
): Promise<PreparedCall> {
  const settings = parseChatSettings(generation.chat.settings);
  const provider = resolveProvider(deps, generation);
  const kind = generation.provider as ProviderKind;
  const model = findModel(kind, generation.model) ?? unknownModel(kind, generation.model);
  const branch = await loadBranch(deps.db, generation.chatId, generation.userMessageId);
  const contentOf = deps.attachments
    ? await branchAttachments(deps.attachments, generation.userId, branch, model.capabilities.vision)
    : undefined;
  const messages = fitPrompt(buildBranchPrompt(branch, settings.systemPrompt, contentOf), {
    contextWindow: model.contextWindow,
    reservedOutputTokens: settings.maxTokens ?? model.maxOutputTokens,
  });
  return {
    provider,
    request: {
      model: generation.model,
      messages,
      ...(settings.temperature === undefined ? {} : { temperature: settings.temperature }),
      ...(settings.maxTokens === undefined ? {} : { maxTokens: settings.maxTokens }),
    },
  };
}
