import { splitIntoPieces } from './reply';
import type { FakeConversation, FakePlannedToolCall, FakeToolResult } from './types';

/**
 * `[[tool:NAME {json}]]` in the last user message asks the fake to call the tool NAME with those
 * arguments (when the request offers that tool). Several directives make several rounds: the Nth
 * directive is called once N-1 tool results have come back since the user's message. Once every
 * directive has had its result, the fake answers with the results it got.
 */
const TOOL_DIRECTIVE = /\[\[\s*tool\s*:\s*([A-Za-z0-9_.-]+)\s*(\{[\s\S]*?\})?\s*\]\]/g;

interface ToolDirective {
  name: string;
  arguments: Record<string, unknown>;
}

function parseToolDirectives(text: string): ToolDirective[] {
  const directives: ToolDirective[] = [];
  for (const match of text.matchAll(TOOL_DIRECTIVE)) {
    let args: Record<string, unknown> = {};
    try {
      const parsed: unknown = match[2] ? JSON.parse(match[2]) : {};
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
        args = parsed as Record<string, unknown>;
    } catch {
      // A typo in the JSON: the call goes out with no arguments, as a model's would.
    }
    directives.push({ name: match[1] ?? '', arguments: args });
  }
  return directives;
}

/** A message that only carries tool results (Anthropic and Gemini send them as user turns). */
export function isToolResultTurn(message: FakeConversation['messages'][number]): boolean {
  return (message.toolResults?.length ?? 0) > 0 && message.text === '';
}

/** Tool results sent after the last real user message, names filled in from the calls. */
export function toolResultsSinceUser(conversation: FakeConversation): FakeToolResult[] {
  const names = new Map<string, string>();
  for (const message of conversation.messages) {
    for (const call of message.toolCalls ?? []) names.set(call.id, call.name);
  }
  const results: FakeToolResult[] = [];
  for (let index = conversation.messages.length - 1; index >= 0; index -= 1) {
    const message = conversation.messages[index];
    if (!message) continue;
    if (message.role === 'user' && !isToolResultTurn(message)) break;
    for (const result of [...(message.toolResults ?? [])].reverse()) {
      results.unshift({ ...result, name: result.name ?? names.get(result.callId) ?? null });
    }
  }
  return results;
}

let callCounter = 0;

/** The next tool call the prompt asks for, or null when the fake should answer in text. */
export function nextToolCall(prompt: string, conversation: FakeConversation): FakePlannedToolCall | null {
  const directive = parseToolDirectives(prompt)[toolResultsSinceUser(conversation).length];
  if (!directive || !conversation.tools.includes(directive.name)) return null;
  callCounter += 1;
  const json = JSON.stringify(directive.arguments);
  return {
    id: `call_fake_${callCounter}`,
    name: directive.name,
    arguments: directive.arguments,
    argumentPieces: splitIntoPieces(json, 8),
  };
}

/** The answer after the tools ran: it quotes every result, so a test sees they reached the model. */
export function toolAnswerPieces(results: FakeToolResult[]): string[] {
  const lines = results.map(
    (result) => `The tool ${result.name ?? result.callId} answered: ${result.content}`,
  );
  return splitIntoPieces(lines.join('\n'));
}
