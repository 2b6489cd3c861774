import { describe, expect, it } from 'vitest';
import { StreamFrame } from '@vivier/contracts';
import { createGenerationSocket, type SocketLike } from './generation-socket';

class FakeSocket implements SocketLike {
  readyState = 0;
  sent: unknown[] = [];
  onopen: SocketLike['onopen'] = null;
  onmessage: SocketLike['onmessage'] = null;
  onclose: SocketLike['onclose'] = null;
  onerror: SocketLike['onerror'] = null;
  constructor(readonly url: string) {}
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  close() {
    this.readyState = 3;
  }
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  deliver(frame: StreamFrame) {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }
  drop(code = 1006) {
    this.readyState = 3;
    this.onclose?.({ code });
  }
}

function harness(tokens: Array<string | null> = ['t1', 't2', 't3']) {
  const sockets: FakeSocket[] = [];
  const frames: StreamFrame[] = [];
  const timers: Array<{ callback: () => void; ms: number; cleared: boolean }> = [];
  const forced: boolean[] = [];
  let authFailed = 0;
  const socket = createGenerationSocket({
    url: () => 'ws://app.test/api/ws',
    getToken: async (force) => {
      forced.push(force);
      return tokens.shift() ?? null;
    },
    onFrame: (frame) => frames.push(frame),
    parseFrame: (data) => {
      const parsed = StreamFrame.safeParse(data);
      return parsed.success ? parsed.data : null;
    },
    onAuthFailed: () => authFailed++,
    createSocket: (url) => {
      const created = new FakeSocket(url);
      sockets.push(created);
      return created;
    },
    setTimer: (callback, ms) => {
      const timer = { callback, ms, cleared: false };
      timers.push(timer);
      return timer;
    },
    clearTimer: (handle) => {
      (handle as { cleared: boolean }).cleared = true;
    },
    random: () => 0.5,
  });
  const runTimers = (predicate: (ms: number) => boolean) => {
    for (const timer of timers.splice(0)) if (!timer.cleared && predicate(timer.ms)) timer.callback();
  };
  return { socket, sockets, frames, timers, forced, runTimers, authFailed: () => authFailed };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
const delta = (n: number, text: string): StreamFrame => ({
  type: 'delta',
  generationId: 'gen_1',
  id: `100-${n}`,
  text,
});

describe('createGenerationSocket', () => {
  it('authenticates with its first frame, then subscribes', async () => {
    const h = harness();
    h.socket.subscribe('gen_1');
    await tick();
    h.sockets[0]!.open();
    expect(h.sockets[0]!.sent).toEqual([
      { type: 'auth', token: 't1' },
      { type: 'subscribe', generationId: 'gen_1' },
    ]);
  });

  it('resubscribes after a drop with the last frame id it saw', async () => {
    const h = harness();
    h.socket.subscribe('gen_1');
    await tick();
    h.sockets[0]!.open();
    h.sockets[0]!.deliver(delta(1, 'a'));
    h.sockets[0]!.deliver(delta(2, 'b'));
    h.sockets[0]!.drop();
    h.runTimers((ms) => ms < 1000);
    await tick();
    expect(h.sockets).toHaveLength(2);
    h.sockets[1]!.open();
    expect(h.sockets[1]!.sent).toEqual([
      { type: 'auth', token: 't2' },
      { type: 'subscribe', generationId: 'gen_1', after: '100-2' },
    ]);
    expect(h.frames.map((frame) => frame.id)).toEqual(['100-1', '100-2']);
  });

  it('forgets a generation after its terminal frame and stops reconnecting for it', async () => {
    const h = harness();
    h.socket.subscribe('gen_1');
    await tick();
    h.sockets[0]!.open();
    h.sockets[0]!.deliver({ type: 'cancelled', generationId: 'gen_1', id: '100-3' });
    expect(h.socket.isSubscribed('gen_1')).toBe(false);
    h.sockets[0]!.drop();
    h.runTimers((ms) => ms < 1000);
    await tick();
    expect(h.sockets).toHaveLength(1);
  });

  it('asks for a refreshed token after the server refuses one (4401), and gives up without a session', async () => {
    const h = harness(['old', null]);
    h.socket.subscribe('gen_1');
    await tick();
    h.sockets[0]!.open();
    h.sockets[0]!.drop(4401);
    h.runTimers(() => true);
    await tick();
    expect(h.forced).toEqual([false, true]);
    expect(h.authFailed()).toBe(1);
  });

  it('ignores frames that are not stream frames or belong to no subscription', async () => {
    const h = harness();
    h.socket.subscribe('gen_1');
    await tick();
    h.sockets[0]!.open();
    h.sockets[0]!.onmessage?.({ data: '{"type":"pong"}' });
    h.sockets[0]!.onmessage?.({ data: 'not json' });
    h.sockets[0]!.deliver({ ...delta(1, 'x'), generationId: 'gen_other' });
    expect(h.frames).toEqual([]);
  });
});
