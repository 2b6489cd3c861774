import { ERROR_STATUS, type FakeApiAdapter, type FakeErrorKind, type ReplyContext } from './api-adapter';
import {
  asArray,
  asNumber,
  asRecord,
  asString,
  base64Bytes,
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

const ERROR_STATUSES: Record<FakeErrorKind, string> = {
  auth: 'UNAUTHENTICATED',
  'rate-limit': 'RESOURCE_EXHAUSTED',
  server: 'INTERNAL',
  'context-length': 'INVALID_ARGUMENT',
  'content-filter': 'INVALID_ARGUMENT',
  'bad-request': 'INVALID_ARGUMENT',
};

/** `/v1beta/models/gemini-2.5-flash:streamGenerateContent` → model and method. */
export const GEMINI_PATH =
  /^\/(v1beta|v1|v1alpha)\/models\/([^/:]+):(generateContent|streamGenerateContent)$/;

function responseText(response: Record<string, unknown>): string {
  const value = response.output ?? response.error ?? response;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function parseParts(parts: unknown): Omit<FakeMessage, 'role'> {
  const texts: string[] = [];
  const images: FakeImage[] = [];
  const toolCalls: FakeToolCall[] = [];
  const toolResults: FakeToolResult[] = [];
  for (const rawPart of asArray(parts)) {
    const part = asRecord(rawPart);
    if (part.functionCall !== undefined) {
      const call = asRecord(part.functionCall);
      const name = asString(call.name) ?? '';
      toolCalls.push({ id: asString(call.id) ?? name, name });
    }
    if (part.functionResponse !== undefined) {
      const result = asRecord(part.functionResponse);
      const name = asString(result.name) ?? '';
      toolResults.push({
        callId: asString(result.id) ?? name,
        name,
        content: responseText(asRecord(result.response)),
      });
    }
    if (typeof part.text === 'string' && part.thought !== true) texts.push(part.text);
    if (part.inlineData !== undefined) {
      const inline = asRecord(part.inlineData);
      const data = asString(inline.data);
      images.push({
        format: 'gemini:inlineData',
        mimeType: asString(inline.mimeType),
        bytes: data ? base64Bytes(data) : null,
      });
    }
    if (part.fileData !== undefined) {
      images.push({
        format: 'gemini:fileData',
        mimeType: asString(asRecord(part.fileData).mimeType),
        bytes: null,
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

function parseContent(raw: unknown): FakeMessage {
  const content = asRecord(raw);
  return { role: asString(content.role) ?? 'user', ...parseParts(content.parts) };
}

function geminiThinking(raw: unknown): string | null {
  if (raw === undefined) return null;
  const config = asRecord(raw);
  const budget = asNumber(config.thinkingBudget);
  if (budget === 0 || config.includeThoughts === false) return 'off';
  return budget === null ? null : `budget:${budget}`;
}

/** Gemini's Pro models cannot stop thinking: a budget of 0 is refused (the real API's rule). */
function thinkingRuleBroken(body: unknown, url: URL): string | undefined {
  const model = url.pathname.match(GEMINI_PATH)?.[2] ?? '';
  const budget = asNumber(asRecord(asRecord(asRecord(body).generationConfig).thinkingConfig).thinkingBudget);
  if (budget === 0 && /-pro\b/.test(model))
    return 'Budget 0 is invalid. This model only works in thinking mode.';
  return undefined;
}

function finishReason(finish: ReplyContext['plan']['finish']): string {
  return finish === 'length' ? 'MAX_TOKENS' : finish === 'filtered' ? 'SAFETY' : 'STOP';
}

function usageMetadata(plan: ReplyContext['plan'], candidates: number, thoughts: number) {
  return {
    promptTokenCount: plan.inputTokens,
    candidatesTokenCount: candidates,
    ...(thoughts > 0 ? { thoughtsTokenCount: thoughts } : {}),
    totalTokenCount: plan.inputTokens + candidates + thoughts,
  };
}

let responseCounter = 0;

async function replyStreaming({ response, conversation, plan }: ReplyContext): Promise<number> {
  responseCounter += 1;
  const responseId = `fake-${responseCounter}`;
  const chunk = (parts: unknown[], candidates: number, thoughts: number, finish?: string) => ({
    candidates: [
      { content: { parts, role: 'model' }, index: 0, ...(finish ? { finishReason: finish } : {}) },
    ],
    usageMetadata: usageMetadata(plan, candidates, thoughts),
    modelVersion: conversation.model,
    responseId,
  });
  startEventStream(response);
  if (plan.finish === 'filtered') {
    // A blocked prompt: no candidates at all, only the feedback saying why.
    writeEvent(response, {
      promptFeedback: { blockReason: 'SAFETY' },
      usageMetadata: usageMetadata(plan, 0, 0),
      modelVersion: conversation.model,
      responseId,
    });
    response.end();
    return 0;
  }
  const thoughts = await streamPieces(response, plan.reasoningPieces, plan.delayMs, (piece, index) =>
    writeEvent(response, chunk([{ text: piece, thought: true }], 0, index + 1)),
  );
  if (plan.toolCall) {
    const { id, name, arguments: args } = plan.toolCall;
    const count = plan.toolCall.argumentPieces.length;
    writeEvent(response, chunk([{ functionCall: { id, name, args } }], count, thoughts, 'STOP'));
    response.end();
    return thoughts + count;
  }
  const limit = plan.fault === 'drop' ? DROP_AFTER_PIECES : plan.pieces.length;
  const sent = await streamPieces(
    response,
    plan.pieces,
    plan.delayMs,
    (piece, index) => writeEvent(response, chunk([{ text: piece }], index + 1, thoughts)),
    limit,
    plan.leadMs,
  );
  if (plan.fault === 'drop') {
    await dropConnection(response);
    return thoughts + sent;
  }
  writeEvent(response, chunk([{ text: '' }], sent, thoughts, finishReason(plan.finish)));
  response.end();
  return thoughts + sent;
}

function replyWhole({ response, conversation, plan }: ReplyContext): number {
  responseCounter += 1;
  if (plan.finish === 'filtered') {
    sendJson(response, 200, {
      promptFeedback: { blockReason: 'SAFETY' },
      usageMetadata: usageMetadata(plan, 0, 0),
      modelVersion: conversation.model,
    });
    return 0;
  }
  const parts: unknown[] = [];
  if (plan.reasoningPieces.length > 0) parts.push({ text: plan.reasoningPieces.join(''), thought: true });
  if (plan.toolCall) {
    const { id, name, arguments: args } = plan.toolCall;
    parts.push({ functionCall: { id, name, args } });
  } else {
    parts.push({ text: plan.pieces.join('') });
  }
  sendJson(response, 200, {
    candidates: [{ content: { parts, role: 'model' }, finishReason: finishReason(plan.finish), index: 0 }],
    usageMetadata: usageMetadata(
      plan,
      plan.pieces.length + (plan.toolCall?.argumentPieces.length ?? 0),
      plan.reasoningPieces.length,
    ),
    modelVersion: conversation.model,
    responseId: `fake-${responseCounter}`,
  });
  return outputTokens(plan);
}

export const geminiApi: FakeApiAdapter = {
  api: 'gemini',
  filtersWithError: false,
  rejectReason: thinkingRuleBroken,
  parse(body, request, url) {
    const record = asRecord(body);
    const match = url.pathname.match(GEMINI_PATH);
    const generationConfig = asRecord(record.generationConfig);
    const systemInstruction = record.systemInstruction ?? record.system_instruction;
    return {
      api: 'gemini',
      model: match?.[2] ?? 'unknown',
      stream: match?.[3] === 'streamGenerateContent',
      system: systemInstruction === undefined ? null : parseParts(asRecord(systemInstruction).parts).text,
      messages: asArray(record.contents).map(parseContent),
      maxTokens: asNumber(generationConfig.maxOutputTokens),
      temperature: asNumber(generationConfig.temperature),
      thinking: geminiThinking(generationConfig.thinkingConfig),
      includeUsage: true,
      tools: (asRecord(asRecord(record.toolConfig).functionCallingConfig).mode === 'NONE'
        ? []
        : asArray(record.tools)
      ).flatMap((tool) =>
        asArray(asRecord(tool).functionDeclarations).map(
          (declaration) => asString(asRecord(declaration).name) ?? '',
        ),
      ),
      apiKey: headerValue(request, 'x-goog-api-key') ?? url.searchParams.get('key'),
    };
  },
  sendError(response, kind, message, headers = {}) {
    const status = ERROR_STATUS[kind];
    sendJson(response, status, { error: { code: status, message, status: ERROR_STATUSES[kind] } }, headers);
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
      models: models.map((id) => ({
        name: `models/${id}`,
        version: '1',
        displayName: id,
        inputTokenLimit: 32_768,
        outputTokenLimit: 8_192,
        supportedGenerationMethods: ['generateContent', 'streamGenerateContent', 'countTokens'],
      })),
    });
  },
};
