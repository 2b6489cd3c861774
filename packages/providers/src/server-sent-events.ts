import { createParser, type EventSourceMessage } from 'eventsource-parser';

/** One dispatched server-sent event: its `event` field (null when absent) and its data lines joined. */
export interface ServerSentEvent {
  event: string | null;
  data: string;
}

/** What a server-sent-event reader returns for each piece of the body. */
export interface ServerSentEventReader {
  /** The events completed by `bytes` (a blank line ends one), in order; often none or one. */
  push(bytes: Uint8Array): ServerSentEvent[];
}

/**
 * A streamed response body's server-sent events, parsed synchronously between one
 * `reader.read()` and the next (`eventsource-parser`: lines end at LF, CRLF or CR, `:` lines are
 * comments, a blank line dispatches, an event the body ends inside is not dispatched). Used in
 * place of the `openai` SDK's iterator, which reads a body through four nested async generators
 * (the stream's reader, the SSE chunker, the message decoder, the Stream), each a few promises per
 * delta (issue 11, the worker's CPU per delta).
 */
export function createServerSentEventReader(): ServerSentEventReader {
  const decoder = new TextDecoder();
  let events: ServerSentEvent[] = [];
  const parser = createParser({
    onEvent: (message: EventSourceMessage) =>
      events.push({ event: message.event ?? null, data: message.data }),
  });
  return {
    push(bytes) {
      events = [];
      parser.feed(decoder.decode(bytes, { stream: true }));
      return events;
    },
  };
}
