import type { ChatToolSettings } from '@vivier/contracts';
import {
  fitPrompt,
  maxInlineImageBase64Chars,
  ProviderError,
  withFallback,
  type AIProvider,
  type ChatRequest,
  type ModelInfo,
  type ProviderRegistry,
} from '@vivier/providers';
import type { Logger } from '@vivier/service-kit';
import { buildBranchPrompt, type BranchMessage } from '../lib/branch-prompt';
import { branchAttachments, type AttachmentSource } from '../lib/file-attachments';
import { parseChatSettings } from '../lib/chat-settings';
import type { GenerationRecord } from './settle-generation';
import type { CitationEntry } from '@vivier/contracts';
import { retrieveKnowledge, type KnowledgeSource } from '../lib/knowledge-context';

/** A provider call ready to start: everything decided before the first byte is requested. */
export interface PreparedCall {
  provider: AIProvider;
  request: ChatRequest;
  /** The chat's `settings.tools`: which tools to connect before the call. */
  tools?: ChatToolSettings;
  /** Numbered knowledge sources put into the prompt; sent as citation frames before the answer. */
  citations?: CitationEntry[];
}

export interface PrepareCallDeps {
  providers: Pick<ProviderRegistry, 'resolve' | 'accessReason'>;
  logger: Logger;
  /** Where attached files come from; without it, messages go to the model as text only. */
  attachments?: AttachmentSource;
  /** Knowledge bases named in the chat's settings; without it, none are searched. */
  knowledge?: KnowledgeSource;
}

/**
 * The chat's provider (an env provider by kind, an admin-managed one by `prv_…` id), behind its
 * fallback model when the chat has one; with the model's facts, priced with the admin's overrides.
 * A model or provider an admin disabled after the message was sent fails here, clearly.
 */
async function resolveProvider(
  deps: PrepareCallDeps,
  generation: GenerationRecord,
): Promise<{ provider: AIProvider; model: ModelInfo }> {
  const resolved = await deps.providers.resolve(generation.provider);
  if (!resolved) {
    throw new ProviderError(
      'PROVIDER_UNAVAILABLE',
      `The ${generation.provider} provider is not configured.`,
      {
        upstreamMessage: `no ${generation.provider} provider in this worker's environment or the admin's settings`,
      },
    );
  }
  const disabled = resolved.disabledReason(generation.model);
  if (disabled) {
    throw new ProviderError('PROVIDER_UNAVAILABLE', `This model is not available: ${disabled}.`, {
      upstreamMessage: disabled,
    });
  }
  // Access is checked again here: a revocation between the send and this call must not slip through.
  const denied = await deps.providers.accessReason(generation.provider, generation.model, generation.userId);
  if (denied) {
    throw new ProviderError('PROVIDER_UNAVAILABLE', `This model is not available: ${denied}.`, {
      upstreamMessage: denied,
    });
  }
  const model = resolved.modelInfo(generation.model);
  const fallbackModel = generation.chat.fallbackModel;
  if (!fallbackModel || fallbackModel === generation.model || resolved.disabledReason(fallbackModel)) {
    return { provider: resolved.provider, model };
  }
  const provider = withFallback(
    resolved.provider,
    { model: fallbackModel },
    {
      onFallback: (error, target) =>
        deps.logger.warn({ err: error, fallbackModel: target.model }, 'falling back to another model'),
    },
  );
  return { provider, model };
}

/**
 * chat-core-design.md step 3: the branch from the root to the user message (lib/branch-prompt's
 * `loadBranch`, loaded by the caller alongside the claim), the chat's system
 * prompt first, the user's files attached (lib/file-attachments), fitted to the model's context window with room kept for the answer; temperature
 * and maxTokens from the chat settings. Throws ProviderError (CONTEXT_TOO_LONG, an unconfigured
 * provider) for failures the user should see.
 */
export async function prepareProviderCall(
  deps: PrepareCallDeps,
  generation: GenerationRecord,
  branch: BranchMessage[],
): Promise<PreparedCall> {
  const settings = parseChatSettings(generation.chat.settings);
  const { provider, model } = await resolveProvider(deps, generation);
  const contentOf = deps.attachments
    ? await branchAttachments(deps.attachments, generation.userId, branch, {
        vision: model.capabilities.vision,
        maxImageBase64Chars: maxInlineImageBase64Chars(provider.kind),
      })
    : undefined;
  const knowledge = deps.knowledge
    ? await retrieveKnowledge(deps.knowledge, {
        userId: generation.userId,
        knowledgeIds: settings.knowledgeIds ?? [],
        question: branch.at(-1)?.content ?? '',
        contextWindow: model.contextWindow,
      })
    : null;
  const systemPrompt = knowledge
    ? [settings.systemPrompt, knowledge.instruction].filter((part) => part?.trim()).join('\n\n')
    : settings.systemPrompt;
  const messages = fitPrompt(buildBranchPrompt(branch, systemPrompt, contentOf), {
    contextWindow: model.contextWindow,
    reservedOutputTokens: settings.maxTokens ?? model.maxOutputTokens,
  });
  return {
    provider,
    ...(settings.tools ? { tools: settings.tools } : {}),
    request: {
      model: generation.model,
      messages,
      ...(settings.temperature === undefined ? {} : { temperature: settings.temperature }),
      ...(settings.maxTokens === undefined ? {} : { maxTokens: settings.maxTokens }),
      ...(settings.reasoningEffort === undefined ? {} : { reasoningEffort: settings.reasoningEffort }),
    },
    ...(knowledge ? { citations: knowledge.citations } : {}),
  };
}
