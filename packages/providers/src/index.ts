export type {
  AIProvider,
  CallOptions,
  ChatMessage,
  ChatRequest,
  ChatRole,
  CompleteResult,
  EmbedRequest,
  EmbedResult,
  ContentPart,
  FinishReason,
  ImagePart,
  ModelCapabilities,
  ModelInfo,
  ModelPricing,
  ProviderEvent,
  ProviderKind,
  ProviderOptions,
  ReasoningEvent,
  TextEvent,
  TextPart,
  TokenUsage,
  UsageEvent,
} from './types';
export { createProvider, ProviderConfigSchema, type ProviderConfig } from './create-provider';
export { createOpenAIProvider, OPENAI_BASE_URL } from './openai-provider';
export { createOpenAICompatibleProvider, type OpenAICompatibleOptions } from './openai-compatible-provider';
export { createAnthropicProvider, ANTHROPIC_BASE_URL } from './anthropic-provider';
export { createGoogleProvider, GOOGLE_BASE_URL } from './google-provider';
export { withFallback, type FallbackOptions, type FallbackTarget } from './fallback';
export {
  MODEL_CATALOGUE,
  FAKE_MODEL_ID,
  UNKNOWN_MODEL_DEFAULTS,
  catalogueFor,
  findModel,
  unknownModel,
} from './catalogue';
export { calculateCostMicros } from './cost';
export { maxInlineImageBase64Chars } from './image-limits';
export { estimateTokens, estimateMessageTokens, estimateTextTokens, messageText } from './tokens';
export { fitPrompt, type FitPromptOptions } from './fit-prompt';
export {
  ProviderError,
  isProviderError,
  toProviderError,
  parseRetryAfter,
  isAbortError,
  type ProviderErrorCode,
} from './errors';
export { DEFAULT_RETRY_POLICY, retryDelayMs, type RetryPolicy } from './retry';
export {
  providerEnv,
  providersFromEnv,
  createProviderRegistry,
  type ProviderEnv,
  type ConfiguredProvider,
  type ListedModel,
  type ModelCheck,
  type ProviderRegistry,
  type ResolvedProvider,
  type AdminSettingsSource,
  PROVIDER_SETTINGS_TTL_MS,
} from './provider-registry';
export {
  providerSettingsChannel,
  publishProviderSettingsChanged,
  onProviderSettingsChanged,
} from './provider-settings-channel';
export { adminProviderEnv, providerRegistryFromEnv, type ProviderRegistryEnv } from './registry-from-env';
export {
  buildAdminProvider,
  overridesOf,
  overriddenModel,
  type AdminProvider,
  type AdminProviderOptions,
  type ProviderSettingsRow,
} from './admin-providers';
export {
  assertPublicUrl,
  guardedFetch,
  classifyAddress,
  isEgressRefusedError,
  EgressRefusedError,
  egressEnv,
  egressPolicyFromEnv,
  type EgressPolicy,
  type HostResolver,
  type ResolvedAddress,
  type AddressClass,
} from './egress-guard';
export {
  createSecretBox,
  encryptSecret,
  decryptSecret,
  isSecretBox,
  parseEncryptionKey,
  isValidEncryptionKey,
  secretBoxEnv,
  secretBoxFromEnv,
  SecretBoxError,
  DEVELOPMENT_ENCRYPTION_KEY,
  type SecretBox,
} from './secret-box';
