import { describe, expect, it } from 'vitest';
import { createServerSentEventReader, type ServerSentEvent } from './server-sent-events';

const encoder = new TextEncoder();

/** Feeds `pieces` one push each, as a body arrives in network chunks, and collects every event. */
function read(pieces: Array<string | Uint8Array>): ServerSentEvent[] {
  const reader = createServerSentEventReader();
  return pieces.flatMap((piece) => reader.push(typeof piece === 'string' ? encoder.encode(piece) : piece));
}

describe('server-sent event reader', () => {
  it('dispatches each event at its blank line, data lines joined', () => {
    expect(read(['data: {"a":1}\n\ndata: one\ndata: two\n\n'])).toEqual([
      { event: null, data: '{"a":1}' },
      { event: null, data: 'one\ntwo' },
    ]);
  });

  it('gives the same events however the body is cut, CRLF and CR line ends included', () => {
    const body = 'event: ping\r\ndata: x\r\n\r\n: a comment\rdata:y\r\rdata: z\n\n';
    const whole = read([body]);
    expect(whole).toEqual([
      { event: 'ping', data: 'x' },
      { event: null, data: 'y' },
      { event: null, data: 'z' },
    ]);
    expect(read(body.split(''))).toEqual(whole);
    for (let cut = 1; cut < body.length; cut += 1) {
      expect(read([body.slice(0, cut), body.slice(cut)])).toEqual(whole);
    }
  });

  it('keeps a character whose UTF-8 bytes arrive in two chunks', () => {
    const bytes = encoder.encode('data: héllo €\n\n');
    const events = read([bytes.slice(0, 8), bytes.slice(8, 15), bytes.slice(15)]);
    expect(events).toEqual([{ event: null, data: 'héllo €' }]);
  });

  it('skips comments, blank lines and events without data, and drops an event the body ends inside', () => {
    expect(read([': keep-alive\n\n\n\ndata: last'])).toEqual([]);
    // As the WHATWG rules say (the SDK would pass this one on; no chat stream sends it).
    expect(read(['event: done\n\n'])).toEqual([]);
  });
});
