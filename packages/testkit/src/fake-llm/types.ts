import type { FakeFault } from './directives';

/** The three wire formats the fake speaks. */
export type FakeApi = 'openai' | 'anthropic' | 'gemini';

/** How an image arrived, so an `[[echo]]` reply can show which provider format reached the model. */
export interface FakeImage {
  /** `openai:image_url`, `anthropic:base64`, `gemini:inlineData`, … */
  format: string;
  mimeType: string | null;
  /** Decoded size, when the image came inline as base64. */
  bytes: number | null;
}

/** A tool call an assistant turn carried (sent back to the model in a follow-up request). */
export interface FakeToolCall {
  id: string;
  name: string;
}

/** A tool result sent back to the model: an OpenAI `tool` message, a `tool_result` block, a `functionResponse`. */
export interface FakeToolResult {
  callId: string;
  /** Known on the wire for Gemini; for the others found through the call with the same id. */
  name: string | null;
  content: string;
}

export interface FakeMessage {
  /** The role exactly as it appeared on the wire (`model` for Gemini). */
  role: string;
  text: string;
  images: FakeImage[];
  toolCalls?: FakeToolCall[];
  toolResults?: FakeToolResult[];
}

/** A provider request reduced to what the fake needs to answer it. */
export interface FakeConversation {
  api: FakeApi;
  model: string;
  stream: boolean;
  /** A system prompt sent outside `messages` (Anthropic `system`, Gemini `systemInstruction`). */
  system: string | null;
  messages: FakeMessage[];
  maxTokens: number | null;
  temperature: number | null;
  /**
   * What the request asked of the model's thinking, normalised: `off` (OpenAI `none`/`minimal`,
   * Anthropic without `thinking`, Gemini budget 0), an OpenAI effort (`low`…), `budget:N` for a
   * token budget, or null when the request did not say.
   */
  thinking: string | null;
  /** OpenAI only: `stream_options.include_usage`. */
  includeUsage: boolean;
  /** Names of the tools the request offers. */
  tools: string[];
  apiKey: string | null;
}

type FinishKind = 'stop' | 'length' | 'filtered';

/** What the fake decided to do with one request. */
export interface FakePlan {
  fault: FakeFault | null;
  delayMs: number;
  /** Wait before the first answer piece (after the role chunk / message start). */
  leadMs: number;
  reasoningPieces: string[];
  pieces: string[];
  /** A tool call to make instead of answering (`[[tool:name {json}]]` with that tool offered). */
  toolCall: FakePlannedToolCall | null;
  inputTokens: number;
  finish: FinishKind;
}

export interface FakePlannedToolCall {
  id: string;
  name: string;
  arguments: Record<string, unknown>;
  /** The arguments' JSON cut into pieces, streamed one per output token. */
  argumentPieces: string[];
}

/** One entry of the request log tests assert on. */
export interface FakeLlmRequest {
  api: FakeApi | 'unknown';
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  model: string | null;
  stream: boolean;
  lastUserText: string | null;
  fault: FakeFault | null;
  status: number | null;
  inputTokens: number | null;
  outputTokens: number | null;
  receivedAt: number;
}

export interface FakeLlmOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /** Delay between streamed pieces; `[[delay:N]]` overrides it per request. Default 15 ms. */
  tokenDelayMs?: number;
  /** Reply length when the prompt does not ask for one. Default 40 words. */
  replyWords?: number;
  /** Model ids listed by the models endpoints (any id is accepted for chat). */
  models?: string[];
  /** The request log keeps the newest entries up to this many. Default 10 000. */
  maxLoggedRequests?: number;
  /** Models that always answer 500, as an overloaded or retired model would (fallback tests). */
  unavailableModels?: string[];
}
