import type { Message } from '@vivier/contracts';
import type { SourceCitation, ToolActivity } from './stream-reducer';

/** A finished message's stored tool calls, in the shape the live stream builds. */
export function storedToolActivity(message: Pick<Message, 'toolCalls'>): ToolActivity[] {
  return (message.toolCalls ?? []).map((call) => ({
    callId: call.callId,
    name: call.name,
    arguments: call.arguments,
    needsApproval: false,
    result: { content: call.content, isError: call.isError },
  }));
}

/** The web sources a finished message's searches returned, numbered as they were cited. */
export function storedCitations(message: Pick<Message, 'toolCalls'>): SourceCitation[] {
  return (message.toolCalls ?? []).flatMap((call) => call.citations ?? []);
}
