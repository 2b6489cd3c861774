import { citedAnswer } from './cited-answer';
import { isFakeFault, parseDirectives, type FakeFault } from './directives';
import {
  fakeReasoningPieces,
  fakeReplyPieces,
  resizePieces,
  splitIntoPieces,
  thinkingModelWords,
} from './reply';
import { isToolResultTurn, nextToolCall, toolAnswerPieces, toolResultsSinceUser } from './tool-directives';
import type { FakeConversation, FakePlan } from './types';

export function lastUserText(conversation: FakeConversation): string {
  for (let index = conversation.messages.length - 1; index >= 0; index -= 1) {
    const message = conversation.messages[index];
    if (message && message.role === 'user' && !isToolResultTurn(message)) return message.text;
  }
  return '';
}

/** "Roughly words": every whitespace-separated word of every message, plus one per image. */
function countInputTokens(conversation: FakeConversation): number {
  const countWords = (text: string) => text.split(/\s+/).filter(Boolean).length;
  let total = conversation.system ? countWords(conversation.system) : 0;
  for (const message of conversation.messages) {
    total += countWords(message.text) + message.images.length;
    for (const result of message.toolResults ?? []) total += countWords(result.content);
  }
  return Math.max(1, total);
}

/** The `[[echo]]` reply: what reached the model, for tests that check request mapping. */
function echoSummary(conversation: FakeConversation): string {
  return JSON.stringify({
    api: conversation.api,
    model: conversation.model,
    system: conversation.system,
    messages: conversation.messages,
    maxTokens: conversation.maxTokens,
    temperature: conversation.temperature,
    thinking: conversation.thinking,
  });
}

export interface PlanInput {
  conversation: FakeConversation;
  headerFault: string | undefined;
  tokenDelayMs: number;
  replyWords: number;
  /** Decides `*-once` faults; returns true the first time it sees a key. */
  isFirstTime: (key: string) => boolean;
  /** Models that always fail with a 500, whatever the prompt says. */
  unavailableModels?: readonly string[];
}

/** Resolves a `*-once` fault to its plain form the first time, to no fault afterwards. */
function resolveOnce(
  fault: FakeFault | null,
  key: string,
  isFirstTime: (key: string) => boolean,
): FakeFault | null {
  if (fault === '429-once') return isFirstTime(`429:${key}`) ? '429' : null;
  if (fault === '500-once') return isFirstTime(`500:${key}`) ? '500' : null;
  return fault;
}

export function planReply(input: PlanInput): FakePlan {
  const { conversation } = input;
  const prompt = lastUserText(conversation);
  const directives = parseDirectives(prompt);
  const header = input.headerFault?.trim().toLowerCase();
  // The header wins over the directive: tests set it where the prompt is not under their control.
  const requested = input.unavailableModels?.includes(conversation.model)
    ? '500'
    : header && isFakeFault(header)
      ? header
      : (directives.fault ?? null);
  const fault = resolveOnce(
    requested,
    `${conversation.api}:${conversation.model}:${prompt}`,
    input.isFirstTime,
  );

  const cited = directives.echo ? null : citedAnswer(conversation);
  let pieces = directives.echo
    ? splitIntoPieces(echoSummary(conversation))
    : cited
      ? splitIntoPieces(cited)
      : fakeReplyPieces(prompt, input.replyWords);
  // `[[words:N]]` with `[[size:C]]`: N pieces of C characters each (the same words, re-cut).
  if (!directives.echo && directives.pieceChars !== undefined) {
    pieces = resizePieces(pieces, directives.pieceChars);
  }
  let finish: FakePlan['finish'] = 'stop';
  // An echo is a diagnostic: cutting it at max_tokens would only leave invalid JSON.
  if (!directives.echo && conversation.maxTokens !== null && conversation.maxTokens < pieces.length) {
    pieces = pieces.slice(0, Math.max(0, conversation.maxTokens));
    finish = 'length';
  }
  if (fault === 'content-filter') {
    pieces = [];
    finish = 'filtered';
  }
  const modelWords = thinkingModelWords(conversation.model, conversation.thinking);
  const toolCall = fault === null ? nextToolCall(prompt, conversation) : null;
  const toolResults = toolResultsSinceUser(conversation);
  if (toolCall) pieces = [];
  else if (toolResults.length > 0 && !directives.echo) pieces = toolAnswerPieces(toolResults);
  const hasReasoning =
    fault === 'reasoning' ||
    fault === 'reasoning-field' ||
    directives.thinkWords !== undefined ||
    modelWords > 0;
  return {
    fault,
    delayMs: directives.delayMs ?? input.tokenDelayMs,
    leadMs: directives.leadMs ?? 0,
    reasoningPieces: hasReasoning ? fakeReasoningPieces(prompt, modelWords || undefined) : [],
    pieces,
    toolCall,
    inputTokens: countInputTokens(conversation),
    finish,
  };
}

/** Output tokens = pieces emitted, reasoning and tool-call arguments included (all billed as output). */
export function outputTokens(plan: FakePlan): number {
  return plan.reasoningPieces.length + plan.pieces.length + (plan.toolCall?.argumentPieces.length ?? 0);
}
