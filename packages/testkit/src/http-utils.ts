import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * The few HTTP chores the testkit's stand-in servers (fake LLM, Stripe stub) share: a bounded
 * body read and a JSON answer. `node:http` on purpose: the stand-ins speak the real wire formats
 * without a framework between them and the bytes.
 */

/** The whole request body, or undefined once it grows past `maxBytes` (the caller answers 413). */
export async function readBodyBytes(request: IncomingMessage, maxBytes: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > maxBytes) return undefined;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const payload = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(payload),
    ...headers,
  });
  response.end(payload);
}
