import { catalogueCost } from './catalogue';
import { estimateTokens } from './tokens';
import type {
  AIProvider,
  CallOptions,
  ChatRequest,
  EmbedRequest,
  ModelInfo,
  ProviderKind,
  TokenUsage,
} from './types';

/**
 * A provider whose implementation (and vendor SDK) is loaded on its first network call. Token
 * estimates and prices need only the catalogue, so they answer without loading anything.
 */
export function lazyProvider(
  kind: ProviderKind,
  overrides: ModelInfo[],
  load: () => Promise<AIProvider>,
): AIProvider {
  let loading: Promise<AIProvider> | undefined;
  let provider: AIProvider | undefined;
  const loaded = () => (loading ??= load().then((loadedProvider) => (provider = loadedProvider)));
  async function* loadThenStream(request: ChatRequest, options?: CallOptions) {
    yield* (await loaded()).stream(request, options);
  }
  return {
    kind,
    // Once loaded, the implementation's own stream: a generator in between would cost a few
    // promises on every delta of every answer (issue 11).
    stream: (request: ChatRequest, options?: CallOptions) =>
      provider ? provider.stream(request, options) : loadThenStream(request, options),
    async complete(request, options) {
      return (await loaded()).complete(request, options);
    },
    async listModels(options) {
      return (await loaded()).listModels(options);
    },
    async validateApiKey(options) {
      return (await loaded()).validateApiKey(options);
    },
    async embed(request: EmbedRequest, options?: CallOptions) {
      const provider = await loaded();
      // Anthropic has no embeddings API; the knowledge base's embedder says which provider it asked.
      if (!provider.embed) throw new Error(`provider "${kind}" has no embeddings API`);
      return provider.embed(request, options);
    },
    estimateTokens,
    calculateCost: (model: string, usage: TokenUsage) => catalogueCost(kind, overrides, model, usage),
  };
}
