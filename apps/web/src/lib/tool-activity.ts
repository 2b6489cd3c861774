import type { CitationEntry, Message } from '@vivier/contracts';
import type { ToolActivity } from './stream-reducer';

/** A web source as the Sources list shows it: numbered, linked, with its excerpt as a tooltip. */
export interface SourceCitation {
  index: number;
  url?: string;
  fileId?: string;
  title: string;
  excerpt: string;
}

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

/** The streamed sources that came from the web (knowledge passages are shown by CitationList). */
export function webSources(citations: readonly CitationEntry[]): SourceCitation[] {
  return citations.filter(({ source }) => source.url).map(({ index, source }) => ({ index, ...source }));
}
