import { randomBytes } from 'node:crypto';
import OpenAI from 'openai';
import { api, type BenchUser, type Frame } from './setup';

/** The paced reply every arm asks for: a role chunk, then 64 deltas of 16 bytes 20 ms apart. */
export const PACED = { deltas: 64, bytes: 16, delayMs: 20, leadMs: 20 } as const;

export function pacedPrompt(
  shape: { deltas: number; bytes: number; delayMs: number; leadMs: number } = PACED,
) {
  // A fresh nonce per request: every answer is a new prompt, as with real users.
  return (
    `bench ${randomBytes(4).toString('hex')} [[words:${shape.deltas}]] [[size:${shape.bytes}]] ` +
    `[[delay:${shape.delayMs}]] [[lead:${shape.leadMs}]]`
  );
}

/** What one stream looked like from its client. Times in ms from the moment the request was made. */
export interface StreamResult {
  ttftMs: number;
  /** Gaps between consecutive content frames as the client received them. */
  gapsMs: number[];
  completionMs: number;
  /** Content bytes received (a delivered answer has deltas × bytes). */
  chars: number;
  frames: number;
  error?: string;
}

const failed = (error: unknown, started: number): StreamResult => ({
  ttftMs: Number.NaN,
  gapsMs: [],
  completionMs: performance.now() - started,
  chars: 0,
  frames: 0,
  error: error instanceof Error ? error.message : String(error),
});

/**
 * Arm D: the `openai` SDK straight to the fake LLM. Arm P is the same client pointed at a peer LLM
 * gateway (Portkey) with the headers that route it to the fake LLM.
 */
export function createDirectArm(baseUrl: string, headers?: Record<string, string>) {
  const client = new OpenAI({
    baseURL: `${baseUrl}/v1`,
    apiKey: 'bench',
    maxRetries: 0,
    ...(headers ? { defaultHeaders: headers } : {}),
  });
  return async function direct(prompt: string): Promise<StreamResult> {
    const started = performance.now();
    try {
      const stream = await client.chat.completions.create({
        model: 'fake',
        messages: [{ role: 'user', content: prompt }],
        stream: true,
        stream_options: { include_usage: true },
      });
      let ttftMs = Number.NaN;
      let last = 0;
      let chars = 0;
      let frames = 0;
      const gapsMs: number[] = [];
      for await (const chunk of stream) {
        const text = chunk.choices[0]?.delta?.content;
        if (!text) continue;
        const now = performance.now();
        if (frames === 0) ttftMs = now - started;
        else gapsMs.push(now - last);
        last = now;
        frames += 1;
        chars += text.length;
      }
      return { ttftMs, gapsMs, completionMs: performance.now() - started, chars, frames };
    } catch (error) {
      return failed(error, started);
    }
  };
}

/**
 * Arm F: the whole pipeline as a browser uses it: `POST /api/chats/:id/messages` through the
 * gateway, then `subscribe` on the user's already-open WebSocket, until the terminal frame.
 */
export function createPipelineArm(gatewayUrl: string, timeoutMs = 60_000) {
  return async function pipeline(
    user: BenchUser,
    chatId: string,
    prompt: string,
    /** Called once, when the first content frame arrives. */
    onFirstDelta?: () => void,
    /** Called when the send is accepted (202), before the subscribe goes out. */
    onAccepted?: () => void,
  ): Promise<StreamResult> {
    const started = performance.now();
    try {
      const sent = await api(
        gatewayUrl,
        'POST',
        `/api/chats/${chatId}/messages`,
        { content: prompt },
        user.token,
      );
      const generationId = sent.generationId as string;
      onAccepted?.();
      return await new Promise<StreamResult>((resolve) => {
        let ttftMs = Number.NaN;
        let last = 0;
        let chars = 0;
        let frames = 0;
        const gapsMs: number[] = [];
        const timer = setTimeout(() => finish('timed out'), timeoutMs);
        function finish(error?: string) {
          clearTimeout(timer);
          user.listeners.delete(generationId);
          resolve({
            ttftMs,
            gapsMs,
            completionMs: performance.now() - started,
            chars,
            frames,
            ...(error ? { error } : {}),
          });
        }
        user.listeners.set(generationId, (frame: Frame) => {
          if (frame.type === 'delta') {
            const now = performance.now();
            if (frames === 0) {
              ttftMs = now - started;
              onFirstDelta?.();
            } else gapsMs.push(now - last);
            last = now;
            frames += 1;
            chars += frame.text?.length ?? 0;
          } else if (frame.type === 'reset') {
            chars = 0;
          } else if (frame.type === 'done') finish();
          else if (frame.type === 'error' || frame.type === 'cancelled')
            finish(`${frame.type}: ${frame.code ?? ''} ${frame.message ?? ''}`.trim());
        });
        user.socket.send(JSON.stringify({ type: 'subscribe', generationId }));
      });
    } catch (error) {
      return failed(error, started);
    }
  };
}

/** Arm F's client: one stream through the whole pipeline. */
export type Pipeline = ReturnType<typeof createPipelineArm>;
