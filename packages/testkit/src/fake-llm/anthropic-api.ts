import { ERROR_STATUS, type FakeApiAdapter, type FakeErrorKind, type ReplyContext } from './api-adapter';
import {
  asArray,
  asNumber,
  asRecord,
  asString,
  base64Bytes,
  bearerToken,
  DROP_AFTER_PIECES,
  dropConnection,
  headerValue,
  sendJson,
  startEventStream,
  streamPieces,
  writeEvent,
} from './http-utils';
import { outputTokens } from './plan';
import type { FakeImage, FakeMessage, FakeToolCall, FakeToolResult } from './types';

const ERROR_TYPES: Record<FakeErrorKind, string> = {
  auth: 'authentication_error',
  'rate-limit': 'rate_limit_error',
  server: 'api_error',
  'context-length': 'invalid_request_error',
  'content-filter': 'invalid_request_error',
  'bad-request': 'invalid_request_error',
};

type ParsedBlocks = Omit<FakeMessage, 'role'>;

function toolResultText(content: unknown): string {
  if (typeof content === 'string') return content;
  return asArray(content)
    .map((block) => asString(asRecord(block).text) ?? '')
    .join('\n');
}

function parseBlocks(content: unknown): ParsedBlocks {
  if (typeof content === 'string') return { text: content, images: [] };
  const texts: string[] = [];
  const images: FakeImage[] = [];
  const toolCalls: FakeToolCall[] = [];
  const toolResults: FakeToolResult[] = [];
  for (const rawBlock of asArray(content)) {
    const block = asRecord(rawBlock);
    if (block.type === 'tool_use') {
      toolCalls.push({ id: asString(block.id) ?? '', name: asString(block.name) ?? '' });
    }
    if (block.type === 'tool_result') {
      toolResults.push({
        callId: asString(block.tool_use_id) ?? '',
        name: null,
        content: toolResultText(block.content),
      });
    }
    if (block.type === 'text') texts.push(asString(block.text) ?? '');
    if (block.type === 'image') {
      const source = asRecord(block.source);
      const data = asString(source.data);
      images.push({
        format: `anthropic:${asString(source.type) ?? 'unknown'}`,
        mimeType: asString(source.media_type),
        bytes: data ? base64Bytes(data) : null,
      });
    }
  }
  return {
    text: texts.join('\n'),
    images,
    ...(toolCalls.length > 0 ? { toolCalls } : {}),
    ...(toolResults.length > 0 ? { toolResults } : {}),
  };
}

function parseMessage(raw: unknown): FakeMessage {
  const message = asRecord(raw);
  return { role: asString(message.role) ?? 'user', ...parseBlocks(message.content) };
}

function anthropicThinking(raw: unknown): string {
  const thinking = asRecord(raw);
  if (thinking.type !== 'enabled') return 'off';
  return `budget:${asNumber(thinking.budget_tokens) ?? 0}`;
}

/** Signatures this fake hands out; a thinking block sent back with any other is refused. */
const FAKE_SIGNATURE = 'fake-signature';

/**
 * The rules the real API enforces for extended thinking (docs: "Extended thinking"): a budget of at
 * least 1 024 below max_tokens, no temperature but the default, and thinking blocks sent back
 * exactly as they were signed.
 */
function thinkingRuleBroken(body: unknown): string | undefined {
  const record = asRecord(body);
  for (const [turn, rawMessage] of asArray(record.messages).entries()) {
    for (const rawBlock of asArray(asRecord(rawMessage).content)) {
      const block = asRecord(rawBlock);
      if (block.type === 'thinking' && block.signature !== FAKE_SIGNATURE) {
        return `messages.${turn}.content: Invalid \`signature\` in \`thinking\` block`;
      }
    }
  }
  if (record.thinking === undefined) return undefined;
  const thinking = asRecord(record.thinking);
  if (thinking.type !== 'enabled') return undefined;
  const budget = asNumber(thinking.budget_tokens) ?? 0;
  const maxTokens = asNumber(record.max_tokens) ?? 0;
  if (budget < 1_024) return 'thinking.enabled.budget_tokens: Input should be greater than or equal to 1024';
  if (budget >= maxTokens) return '`max_tokens` must be greater than `thinking.budget_tokens`';
  if (record.temperature !== undefined && record.temperature !== 1) {
    return '`temperature` may only be set to 1 when thinking is enabled';
  }
  return undefined;
}

function stopReason(finish: ReplyContext['plan']['finish'], hasToolCall = false): string {
  if (hasToolCall) return 'tool_use';
  return finish === 'length' ? 'max_tokens' : finish === 'filtered' ? 'refusal' : 'end_turn';
}

let messageCounter = 0;

async function replyStreaming({ response, conversation, plan }: ReplyContext): Promise<number> {
  messageCounter += 1;
  startEventStream(response);
  const send = (data: { type: string } & Record<string, unknown>) => writeEvent(response, data, data.type);
  send({
    type: 'message_start',
    message: {
      id: `msg_fake_${messageCounter}`,
      type: 'message',
      role: 'assistant',
      model: conversation.model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: plan.inputTokens, output_tokens: 1 },
    },
  });
  let index = 0;
  let emitted = 0;
  if (plan.reasoningPieces.length > 0) {
    send({
      type: 'content_block_start',
      index,
      content_block: { type: 'thinking', thinking: '', signature: '' },
    });
    emitted += await streamPieces(response, plan.reasoningPieces, plan.delayMs, (piece) =>
      send({ type: 'content_block_delta', index, delta: { type: 'thinking_delta', thinking: piece } }),
    );
    send({
      type: 'content_block_delta',
      index,
      delta: { type: 'signature_delta', signature: FAKE_SIGNATURE },
    });
    send({ type: 'content_block_stop', index });
    index += 1;
  }
  const { toolCall } = plan;
  if (toolCall) {
    send({
      type: 'content_block_start',
      index,
      content_block: { type: 'tool_use', id: toolCall.id, name: toolCall.name, input: {} },
    });
    emitted += await streamPieces(response, toolCall.argumentPieces, plan.delayMs, (piece) =>
      send({ type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: piece } }),
    );
    send({ type: 'content_block_stop', index });
  } else if (plan.finish !== 'filtered') {
    send({ type: 'content_block_start', index, content_block: { type: 'text', text: '' } });
    send({ type: 'ping' });
    const limit = plan.fault === 'drop' ? DROP_AFTER_PIECES : plan.pieces.length;
    emitted += await streamPieces(
      response,
      plan.pieces,
      plan.delayMs,
      (piece) => send({ type: 'content_block_delta', index, delta: { type: 'text_delta', text: piece } }),
      limit,
      plan.leadMs,
    );
    if (plan.fault === 'drop') {
      await dropConnection(response);
      return emitted;
    }
    send({ type: 'content_block_stop', index });
  }
  send({
    type: 'message_delta',
    delta: { stop_reason: stopReason(plan.finish, toolCall !== null), stop_sequence: null },
    usage: { output_tokens: outputTokens(plan) },
  });
  send({ type: 'message_stop' });
  response.end();
  return emitted;
}

function replyWhole({ response, conversation, plan }: ReplyContext): number {
  messageCounter += 1;
  const content: unknown[] = [];
  if (plan.reasoningPieces.length > 0) {
    content.push({ type: 'thinking', thinking: plan.reasoningPieces.join(''), signature: FAKE_SIGNATURE });
  }
  if (plan.toolCall) {
    const { id, name, arguments: input } = plan.toolCall;
    content.push({ type: 'tool_use', id, name, input });
  } else if (plan.finish !== 'filtered') {
    content.push({ type: 'text', text: plan.pieces.join('') });
  }
  sendJson(response, 200, {
    id: `msg_fake_${messageCounter}`,
    type: 'message',
    role: 'assistant',
    model: conversation.model,
    content,
    stop_reason: stopReason(plan.finish, plan.toolCall !== null),
    stop_sequence: null,
    usage: { input_tokens: plan.inputTokens, output_tokens: outputTokens(plan) },
  });
  return outputTokens(plan);
}

export const anthropicApi: FakeApiAdapter = {
  api: 'anthropic',
  // Anthropic has no content-filter HTTP error: a refused answer ends with stop_reason "refusal".
  filtersWithError: false,
  rejectReason: thinkingRuleBroken,
  parse(body, request) {
    const record = asRecord(body);
    const system = record.system === undefined ? null : parseBlocks(record.system).text;
    return {
      api: 'anthropic',
      model: asString(record.model) ?? 'unknown',
      stream: record.stream === true,
      system,
      messages: asArray(record.messages).map(parseMessage),
      maxTokens: asNumber(record.max_tokens),
      temperature: asNumber(record.temperature),
      thinking: anthropicThinking(record.thinking),
      includeUsage: true,
      tools:
        asRecord(record.tool_choice).type === 'none'
          ? []
          : asArray(record.tools).map((tool) => asString(asRecord(tool).name) ?? ''),
      // The SDK (1.x) sends the key as a bearer token; older clients use x-api-key.
      apiKey: headerValue(request, 'x-api-key') ?? bearerToken(request),
    };
  },
  sendError(response, kind, message, headers = {}) {
    sendJson(
      response,
      ERROR_STATUS[kind],
      { type: 'error', error: { type: ERROR_TYPES[kind], message } },
      { 'request-id': `req_fake_${Date.now()}`, ...headers },
    );
  },
  async reply(context) {
    if (context.plan.fault === 'drop' && !context.conversation.stream) {
      context.response.socket?.destroy();
      return 0;
    }
    return context.conversation.stream ? replyStreaming(context) : replyWhole(context);
  },
  listModels(response, models) {
    sendJson(response, 200, {
      data: models.map((id) => ({
        type: 'model',
        id,
        display_name: id,
        created_at: '2025-01-01T00:00:00Z',
      })),
      has_more: false,
      first_id: models[0] ?? null,
      last_id: models[models.length - 1] ?? null,
    });
  },
};
