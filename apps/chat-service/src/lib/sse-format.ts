import type { StreamFrame } from '@vivier/contracts';

/**
 * One Server-Sent Event per frame: the frame id doubles as the event id (Last-Event-ID resumes).
 * `json`: the frame as JSON when the relay has it already (one line: JSON escapes every newline).
 */
export function formatSseFrame(frame: StreamFrame, json = JSON.stringify(frame)): string {
  return `id: ${frame.id}\nevent: ${frame.type}\ndata: ${json}\n\n`;
}

/** A comment line: keeps proxies from closing an idle stream; EventSource ignores it. */
export const SSE_PING = ': ping\n\n';

/** Sent first: flushes the headers and tells EventSource how soon to reconnect. */
export const SSE_PREAMBLE = 'retry: 1000\n\n';
