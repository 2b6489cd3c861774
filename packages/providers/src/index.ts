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
  ToolCallEvent,
  ToolCallPart,
  ToolDefinition,
  ToolResultPart,
  UsageEvent,
} from './types';
export {
  createProvider,
  preloadProviderModules,
  ProviderConfigSchema,
  type ProviderConfig,
} from './create-provider';
export { withFallback, type FallbackOptions, type FallbackTarget } from './fallback';
export {
  MODEL_CATALOGUE,
  FAKE_MODEL_ID,
  OFFLINE_DEMO_MODEL_IDS,
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
export { providerEnv, providersFromEnv, type ProviderEnv, type ConfiguredProvider } from './provider-env';
export { PROVIDER_SETTINGS_TTL_MS, type AdminSettingsSource } from './admin-settings-cache';
export { envAccessOf, type EnvAccess, type EnvProviderAccessRow } from './env-access';
export {
  createProviderRegistry,
  type ListedModel,
  type ModelCheck,
  type ProviderRegistry,
  type ResolvedProvider,
} from './provider-registry';
export {
  providerSettingsChannel,
  publishProviderSettingsChanged,
  onProviderSettingsChanged,
  invalidateOnProviderSettingsChange,
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
export { classifyAddress, type AddressClass } from './address-class';
export {
  assertPublicUrl,
  isEgressRefusedError,
  EgressRefusedError,
  type EgressPolicy,
  type HostResolver,
  type ResolvedAddress,
} from './egress-policy';
export { egressEnv, egressPolicyFromEnv } from './egress-env';
export { guardedFetch } from './guarded-fetch';
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
