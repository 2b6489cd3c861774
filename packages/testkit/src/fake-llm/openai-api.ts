import type { ServerResponse } from 'node:http';
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
  stallConnection,
  sendJson,
  startEventStream,
  streamPieces,
  writeEvent,
} from './http-utils';
import { outputTokens } from './plan';
import type { FakeImage, FakeMessage } from './types';

const ERROR_BODIES: Record<FakeErrorKind, { type: string; code: string | null }> = {
  auth: { type: 'invalid_request_error', code: 'invalid_api_key' },
  'rate-limit': { type: 'requests', code: 'rate_limit_exceeded' },
  server: { type: 'server_error', code: null },
  'context-length': { type: 'invalid_request_error', code: 'context_length_exceeded' },
  'content-filter': { type: 'invalid_request_error', code: 'content_filter' },
  'bad-request': { type: 'invalid_request_error', code: null },
};

function parseImage(part: Record<string, unknown>): FakeImage {
  const url = asString(asRecord(part.image_url).url) ?? '';
  const dataUrl = url.match(/^data:([^;,]+);base64,(.*)$/s);
  return {
    format: dataUrl ? 'openai:image_url:data' : 'openai:image_url',
    mimeType: dataUrl?.[1] ?? null,
    bytes: dataUrl?.[2] ? base64Bytes(dataUrl[2]) : null,
  };
}

function parseToolCalls(message: Record<string, unknown>): Pick<FakeMessage, 'toolCalls'> {
  const calls = asArray(message.tool_calls).map((raw) => {
    const call = asRecord(raw);
    return { id: asString(call.id) ?? '', name: asString(asRecord(call.function).name) ?? '' };
  });
  return calls.length > 0 ? { toolCalls: calls } : {};
}

function parseMessage(raw: unknown): FakeMessage {
  const message = asRecord(raw);
  const role = asString(message.role) ?? 'user';
  if (role === 'tool') {
    const content = typeof message.content === 'string' ? message.content : parseContentText(message.content);
    return {
      role,
      text: '',
      images: [],
      toolResults: [{ callId: asString(message.tool_call_id) ?? '', name: null, content }],
    };
  }
  if (typeof message.content === 'string') {
    return { role, text: message.content, images: [], ...parseToolCalls(message) };
  }
  if (message.content === null || message.content === undefined) {
    return { role, text: '', images: [], ...parseToolCalls(message) };
  }
  const texts: string[] = [];
  const images: FakeImage[] = [];
  for (const rawPart of asArray(message.content)) {
    const part = asRecord(rawPart);
    if (part.type === 'text') texts.push(asString(part.text) ?? '');
    if (part.type === 'image_url') images.push(parseImage(part));
  }
  return { role, text: texts.join('\n'), images, ...parseToolCalls(message) };
}

function openaiThinking(effort: unknown): string | null {
  if (typeof effort !== 'string') return null;
  return effort === 'none' || effort === 'minimal' ? 'off' : effort;
}

/** OpenAI reports the thinking inside completion_tokens and again apart in its details. */
function completionUsage(plan: ReplyContext['plan']) {
  const completionTokens = outputTokens(plan);
  return {
    prompt_tokens: plan.inputTokens,
    completion_tokens: completionTokens,
    total_tokens: plan.inputTokens + completionTokens,
    completion_tokens_details: { reasoning_tokens: plan.reasoningPieces.length },
  };
}

function parseContentText(content: unknown): string {
  return asArray(content)
    .map((part) => asString(asRecord(part).text) ?? '')
    .join('\n');
}

function finishReason(finish: ReplyContext['plan']['finish'], hasToolCall = false): string {
  if (hasToolCall) return 'tool_calls';
  return finish === 'length' ? 'length' : finish === 'filtered' ? 'content_filter' : 'stop';
}

let completionCounter = 0;

async function replyStreaming({ response, conversation, plan }: ReplyContext): Promise<number> {
  completionCounter += 1;
  const base = {
    id: `chatcmpl-fake-${completionCounter}`,
    object: 'chat.completion.chunk',
    created: Math.floor(Date.now() / 1000),
    model: conversation.model,
    system_fingerprint: 'fp_fake',
  };
  const chunk = (delta: Record<string, unknown>, finish: string | null = null) => ({
    ...base,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
  });
  startEventStream(response);
  writeEvent(response, chunk({ role: 'assistant', content: '' }));
  // OpenAI-compatible servers disagree on the field: DeepSeek/vLLM send `reasoning_content`,
  // OpenRouter/Ollama send `reasoning`. The fake can do both.
  const reasoningField = plan.fault === 'reasoning-field' ? 'reasoning' : 'reasoning_content';
  const reasoningSent = await streamPieces(response, plan.reasoningPieces, plan.delayMs, (piece) =>
    writeEvent(response, chunk({ [reasoningField]: piece })),
  );
  const limit = plan.fault === 'drop' || plan.fault === 'stall' ? DROP_AFTER_PIECES : plan.pieces.length;
  const sent = await streamPieces(
    response,
    plan.pieces,
    plan.delayMs,
    (piece) => writeEvent(response, chunk({ content: piece })),
    limit,
    plan.leadMs,
  );
  if (plan.fault === 'drop') {
    await dropConnection(response);
    return reasoningSent + sent;
  }
  if (plan.fault === 'stall') {
    await stallConnection(response);
    return reasoningSent + sent;
  }
  let argumentsSent = 0;
  const { toolCall } = plan;
  if (toolCall) {
    writeEvent(
      response,
      chunk({
        tool_calls: [
          { index: 0, id: toolCall.id, type: 'function', function: { name: toolCall.name, arguments: '' } },
        ],
      }),
    );
    argumentsSent = await streamPieces(response, toolCall.argumentPieces, plan.delayMs, (piece) =>
      writeEvent(response, chunk({ tool_calls: [{ index: 0, function: { arguments: piece } }] })),
    );
  }
  writeEvent(response, chunk({}, finishReason(plan.finish, toolCall !== null)));
  if (conversation.includeUsage) {
    writeEvent(response, { ...base, choices: [], usage: completionUsage(plan) });
  }
  writeEvent(response, '[DONE]');
  response.end();
  return reasoningSent + sent + argumentsSent;
}

function replyWhole({ response, conversation, plan }: ReplyContext): number {
  completionCounter += 1;
  const completionTokens = outputTokens(plan);
  const message: Record<string, unknown> = {
    role: 'assistant',
    content: plan.toolCall ? null : plan.pieces.join(''),
    refusal: null,
  };
  if (plan.toolCall) {
    message.tool_calls = [
      {
        id: plan.toolCall.id,
        type: 'function',
        function: { name: plan.toolCall.name, arguments: JSON.stringify(plan.toolCall.arguments) },
      },
    ];
  }
  if (plan.reasoningPieces.length > 0) {
    message[plan.fault === 'reasoning-field' ? 'reasoning' : 'reasoning_content'] =
      plan.reasoningPieces.join('');
  }
  sendJson(response, 200, {
    id: `chatcmpl-fake-${completionCounter}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: conversation.model,
    choices: [
      { index: 0, message, logprobs: null, finish_reason: finishReason(plan.finish, plan.toolCall !== null) },
    ],
    usage: completionUsage(plan),
  });
  return completionTokens;
}

export const openaiApi: FakeApiAdapter = {
  api: 'openai',
  filtersWithError: true,
  parse(body, request) {
    const record = asRecord(body);
    return {
      api: 'openai',
      model: asString(record.model) ?? 'unknown',
      stream: record.stream === true,
      system: null,
      messages: asArray(record.messages).map(parseMessage),
      maxTokens: asNumber(record.max_completion_tokens) ?? asNumber(record.max_tokens),
      temperature: asNumber(record.temperature),
      thinking: openaiThinking(record.reasoning_effort),
      includeUsage: asRecord(record.stream_options).include_usage === true,
      // tool_choice "none": the tools are declared but may not be called.
      tools:
        record.tool_choice === 'none'
          ? []
          : asArray(record.tools).map((tool) => asString(asRecord(asRecord(tool).function).name) ?? ''),
      apiKey: bearerToken(request),
    };
  },
  sendError(response: ServerResponse, kind, message, headers = {}) {
    const { type, code } = ERROR_BODIES[kind];
    sendJson(response, ERROR_STATUS[kind], { error: { message, type, param: null, code } }, headers);
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
      object: 'list',
      data: models.map((id) => ({ id, object: 'model', created: 1_700_000_000, owned_by: 'vivier-fake' })),
    });
  },
};
