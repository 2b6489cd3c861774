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

const LINE_FEED = '\n';
const CARRIAGE_RETURN = '\r';

/**
 * A synchronous server-sent-event parser for a streamed response body, with the `openai` SDK's
 * decoding rules (`core/streaming.mjs` SSEDecoder): lines end at LF, CRLF or CR; a blank line
 * dispatches the event unless it has neither data nor an event name; `:` lines are comments; one
 * space after the colon is dropped; an event the body ends without a blank line is not dispatched.
 *
 * Ours rather than the SDK's iterator because the SDK reads a body through four nested async
 * generators (the stream's reader, the SSE chunker, the message decoder, the Stream), each a few
 * promises per delta; this is plain code between one `reader.read()` and the next (issue 11, the
 * worker's CPU per delta).
 */
export function createServerSentEventReader(): ServerSentEventReader {
  const decoder = new TextDecoder();
  /** The text after the last complete line (and a CR held back until we know whether LF follows). */
  let rest = '';
  let event: string | null = null;
  let dataLines: string[] = [];

  function takeLine(line: string, into: ServerSentEvent[]) {
    if (line === '') {
      if (!event && dataLines.length === 0) return;
      into.push({ event, data: dataLines.join(LINE_FEED) });
      event = null;
      dataLines = [];
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') event = value;
    else if (field === 'data') dataLines.push(value);
  }

  return {
    push(bytes) {
      const text = rest + decoder.decode(bytes, { stream: true });
      const events: ServerSentEvent[] = [];
      let start = 0;
      if (!text.includes(CARRIAGE_RETURN)) {
        // What every provider we know sends: LF only.
        for (let end = text.indexOf(LINE_FEED); end !== -1; end = text.indexOf(LINE_FEED, start)) {
          takeLine(text.slice(start, end), events);
          start = end + 1;
        }
        rest = text.slice(start);
        return events;
      }
      for (;;) {
        const lineFeed = text.indexOf(LINE_FEED, start);
        const carriageReturn = text.indexOf(CARRIAGE_RETURN, start);
        if (lineFeed === -1 && carriageReturn === -1) break;
        if (carriageReturn !== -1 && (lineFeed === -1 || carriageReturn < lineFeed)) {
          // A CR at the very end may be the first half of a CRLF: wait for the next bytes.
          if (carriageReturn === text.length - 1) break;
          takeLine(text.slice(start, carriageReturn), events);
          start = carriageReturn + (text[carriageReturn + 1] === LINE_FEED ? 2 : 1);
        } else {
          takeLine(text.slice(start, lineFeed), events);
          start = lineFeed + 1;
        }
      }
      rest = text.slice(start);
      return events;
    },
  };
}
