import type { ProviderKind, ReasoningEffort } from '@vivier/contracts';

/** The provider families Vivier speaks to (declared in contracts); each has one implementation. */
export type { ProviderKind };

/** `tool`: the results of the tool calls the assistant turn before it asked for. */
export type ChatRole = 'system' | 'user' | 'assistant' | 'tool';

export interface TextPart {
  type: 'text';
  text: string;
}

/** An image sent inline: base64 data (no `data:` prefix) and its MIME type. */
export interface ImagePart {
  type: 'image';
  mimeType: string;
  data: string;
}

/** A tool the model asked to run (in an assistant message). `arguments` is the parsed JSON object. */
export interface ToolCallPart {
  type: 'tool_call';
  callId: string;
  name: string;
  arguments: Record<string, unknown>;
}

/** What a tool answered (in a `tool` message), matched to its call by `callId`. */
export interface ToolResultPart {
  type: 'tool_result';
  callId: string;
  /** The tool's name: Gemini matches a functionResponse to its call by name. */
  name: string;
  content: string;
  isError: boolean;
}

export type ContentPart = TextPart | ImagePart | ToolCallPart | ToolResultPart;

/** A tool offered to the model: its name, what it does and its arguments as a JSON Schema object. */
export interface ToolDefinition {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
}

export interface ChatMessage {
  role: ChatRole;
  content: string | ContentPart[];
}

export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  temperature?: number;
  maxTokens?: number;
  /** Sent only to models whose catalogue entry says `capabilities.reasoning` (reasoning-effort.ts). */
  reasoningEffort?: ReasoningEffort;
  /** Tools the model may call; without them the model answers in text only. */
  tools?: ToolDefinition[];
  /**
   * `none`: the tools stay declared (a history with tool calls needs them) but the model must
   * answer in text, e.g. once the loop limit is reached. Default `auto`.
   */
  toolChoice?: 'auto' | 'none';
}

/** Why the model stopped, normalised across providers. */
export type FinishReason = 'stop' | 'length' | 'content_filter' | 'tool_calls' | 'other';

export interface TokenUsage {
  inputTokens: number;
  /** Thinking included: every provider bills it as output. */
  outputTokens: number;
  /** The part of outputTokens spent thinking, when the provider reports it apart. */
  reasoningTokens?: number;
}

export interface TextEvent {
  type: 'text';
  text: string;
}

/** Model "thinking" (reasoning_content, thinking blocks, thought parts): never part of the answer. */
export interface ReasoningEvent {
  type: 'reasoning';
  text: string;
}

/** Always the last event of a successful stream. `model` is the model that actually answered. */
export interface UsageEvent extends TokenUsage {
  type: 'usage';
  finishReason: FinishReason;
  model: string;
}

/**
 * A complete tool call: adapters gather the streamed pieces (OpenAI `tool_calls` deltas, Anthropic
 * `input_json_delta`) and emit the call once its arguments are whole, before the `usage` event.
 */
export interface ToolCallEvent {
  type: 'tool_call';
  callId: string;
  name: string;
  arguments: Record<string, unknown>;
}

export type ProviderEvent = TextEvent | ReasoningEvent | ToolCallEvent | UsageEvent;

export interface CallOptions {
  signal?: AbortSignal;
}

export interface CompleteResult {
  text: string;
  reasoning: string;
  usage: TokenUsage;
  finishReason: FinishReason;
  model: string;
}

/** Prices per million tokens in integer micro-dollars (1 USD = 1 000 000). */
export interface ModelPricing {
  inputPerMTokMicros: number;
  outputPerMTokMicros: number;
}

export interface ModelCapabilities {
  vision: boolean;
  reasoning: boolean;
}

export interface ModelInfo {
  provider: ProviderKind;
  id: string;
  label: string;
  contextWindow: number;
  maxOutputTokens: number;
  pricing: ModelPricing;
  capabilities: ModelCapabilities;
}

/** Texts to embed with one embedding model, in one call (the caller batches). */
export interface EmbedRequest {
  model: string;
  inputs: string[];
}

export interface EmbedResult {
  /** One vector per input, in input order. */
  vectors: number[][];
  inputTokens: number;
}

export interface AIProvider {
  readonly kind: ProviderKind;
  /**
   * Streams the answer: `text` and `reasoning` events, then exactly one `usage` event. Failures are
   * thrown as `ProviderError`; an abort through `signal` rejects with the signal's reason.
   */
  stream(request: ChatRequest, options?: CallOptions): AsyncIterable<ProviderEvent>;
  complete(request: ChatRequest, options?: CallOptions): Promise<CompleteResult>;
  listModels(options?: CallOptions): Promise<ModelInfo[]>;
  /** True when the provider accepts the key, false when it rejects it; other failures throw. */
  validateApiKey(options?: CallOptions): Promise<boolean>;
  estimateTokens(messages: ChatMessage[]): number;
  /** Embeddings, where the provider has an embeddings API (OpenAI, Gemini, OpenAI-compatible). */
  embed?(request: EmbedRequest, options?: CallOptions): Promise<EmbedResult>;
  /** Cost in integer micro-dollars; 0 for a model without known pricing. */
  calculateCost(model: string, usage: TokenUsage): number;
}

/** What every implementation accepts, so tests (and self-hosters) can point it anywhere. */
export interface ProviderOptions {
  apiKey?: string;
  baseUrl?: string;
  /** Retries after the first attempt for 429/5xx/connection failures before any output. Default 2. */
  maxRetries?: number;
  fetch?: typeof fetch;
  /** First backoff step when the provider gives no Retry-After. Default 500 ms. */
  retryBaseDelayMs?: number;
  /** Longest wait between attempts; a longer Retry-After fails at once instead. Default 10 s. */
  maxRetryDelayMs?: number;
  /** Per-request timeout before the first byte arrives. Default 10 minutes (the SDKs' own). */
  timeoutMs?: number;
  /** Models that replace or extend the built-in catalogue (admin price overrides, custom endpoints). */
  models?: ModelInfo[];
}
