import WebSocket from 'ws';

/** What a client of the public API does in the chat end-to-end tests: HTTP, WebSocket and SSE. */

export interface Frame {
  type: string;
  id: string;
  generationId: string;
  text?: string;
  code?: string;
  usage?: { inputTokens: number; outputTokens: number };
  costMicros?: number;
  messageId?: string;
}

export const TERMINAL = ['done', 'error', 'cancelled'];

export function createClient(base: string) {
  async function call(method: string, path: string, options: { body?: unknown; token?: string } = {}) {
    const headers: Record<string, string> = {};
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    const response = await fetch(base + path, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await response.text();
    let json: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- test client: bodies are asserted field by field
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: response.status, headers: response.headers, json, text };
  }

  /** Collects frames of one generation over the WebSocket until a terminal frame or `until` says stop. */
  function watch(
    generationId: string,
    token: string,
    options: { after?: string; until?: (frames: Frame[]) => boolean; timeoutMs?: number } = {},
  ): Promise<Frame[]> {
    return new Promise((resolve, reject) => {
      const frames: Frame[] = [];
      const socket = new WebSocket(`${base.replace(/^http/, 'ws')}/api/ws`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const timer = setTimeout(() => {
        socket.terminate();
        reject(new Error(`timed out after ${frames.length} frames: ${frames.map((f) => f.type).join(',')}`));
      }, options.timeoutMs ?? 30_000);
      // Frames already on their way when we stop must not land in the array we resolved with: the
      // caller resumes from its last frame, and a late one appended here would show up twice.
      let finished = false;
      const finish = () => {
        finished = true;
        clearTimeout(timer);
        socket.close();
        resolve(frames);
      };
      socket.on('open', () =>
        socket.send(
          JSON.stringify({
            type: 'subscribe',
            generationId,
            ...(options.after ? { after: options.after } : {}),
          }),
        ),
      );
      socket.on('message', (data: Buffer) => {
        if (finished) return;
        const frame = JSON.parse(data.toString()) as Frame;
        frames.push(frame);
        if (TERMINAL.includes(frame.type) || options.until?.(frames)) finish();
      });
      socket.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
  }

  /** The SSE endpoint, read until the terminal frame. */
  async function sse(
    generationId: string,
    token: string,
    lastEventId?: string,
  ): Promise<Array<Frame & { sseId?: string; event?: string }>> {
    const response = await fetch(`${base}/api/generations/${generationId}/stream`, {
      headers: {
        authorization: `Bearer ${token}`,
        accept: 'text/event-stream',
        ...(lastEventId ? { 'last-event-id': lastEventId } : {}),
      },
      signal: AbortSignal.timeout(30_000),
    });
    if (response.status !== 200) throw new Error(`SSE answered ${response.status}`);
    const frames: Array<Frame & { sseId?: string; event?: string }> = [];
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let index;
      while ((index = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, index);
        buffer = buffer.slice(index + 2);
        const field = (name: string) =>
          block
            .split('\n')
            .find((line) => line.startsWith(`${name}:`))
            ?.slice(name.length + 1)
            .trim();
        const data = field('data');
        if (!data) continue;
        frames.push({ ...(JSON.parse(data) as Frame), sseId: field('id'), event: field('event') });
      }
      if (frames.some((frame) => TERMINAL.includes(frame.type))) break;
    }
    return frames;
  }

  return { call, watch, sse };
}

/** The answer a client shows: deltas concatenated, starting over at each `reset`. */
export function answerOf(frames: Frame[]): string {
  let text = '';
  for (const frame of frames) {
    if (frame.type === 'reset') text = '';
    if (frame.type === 'delta') text += frame.text ?? '';
  }
  return text;
}
