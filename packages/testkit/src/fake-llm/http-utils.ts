import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBodyBytes, sendJson } from '../http-utils';

const MAX_BODY_BYTES = 32 * 1024 * 1024;

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function readJsonBody(request: IncomingMessage): Promise<unknown> {
  const body = await readBodyBytes(request, MAX_BODY_BYTES);
  if (!body) throw new HttpError(413, 'request body too large');
  if (body.length === 0) return {};
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    throw new HttpError(400, 'request body is not valid JSON');
  }
}

export { sendJson };

export function startEventStream(response: ServerResponse): void {
  response.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
  response.flushHeaders();
}

/** True once the client went away: a streaming loop must stop writing. */
function isGone(response: ServerResponse): boolean {
  return response.destroyed || response.writableEnded;
}

export function writeEvent(response: ServerResponse, data: unknown, event?: string): void {
  if (isGone(response)) return;
  const prefix = event ? `event: ${event}\n` : '';
  response.write(`${prefix}data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Writes each piece with `delayMs` between them; returns how many went out (fewer when the client
 * disconnected, or `limit` when the plan is to drop the connection part-way).
 */
export async function streamPieces(
  response: ServerResponse,
  pieces: string[],
  delayMs: number,
  writePiece: (piece: string, index: number) => void,
  limit = pieces.length,
  leadMs = 0,
): Promise<number> {
  let sent = 0;
  for (const piece of pieces.slice(0, limit)) {
    if (isGone(response)) break;
    const wait = sent > 0 ? delayMs : leadMs;
    if (wait > 0) await sleep(wait);
    if (isGone(response)) break;
    writePiece(piece, sent);
    sent += 1;
  }
  return sent;
}

/** How many pieces go out before a `drop` fault kills the connection. */
export const DROP_AFTER_PIECES = 3;

/** `stall`: after DROP_AFTER_PIECES pieces the connection stays open and silent until the client leaves. */
export async function stallConnection(response: ServerResponse): Promise<void> {
  if (isGone(response)) return;
  await new Promise<void>((resolve) => response.write('', () => resolve()));
  await new Promise<void>((resolve) => response.once('close', () => resolve()));
}

/**
 * Simulates a connection reset mid-stream: flush what was written (so the client really saw the
 * partial answer), then destroy the socket without finishing the chunked body.
 */
export async function dropConnection(response: ServerResponse): Promise<void> {
  if (isGone(response)) return;
  await new Promise<void>((resolve) => response.write('', () => resolve()));
  await sleep(20);
  response.socket?.destroy();
}

export function headerValue(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export function bearerToken(request: IncomingMessage): string | null {
  const authorization = headerValue(request, 'authorization');
  const match = authorization?.match(/^Bearer\s+(.+)$/i);
  return match?.[1]?.trim() ?? null;
}

export function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function asString(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

export function asNumber(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** Decoded byte length of base64 data without decoding it. */
export function base64Bytes(data: string): number {
  const clean = data.replace(/\s+/g, '');
  const padding = clean.endsWith('==') ? 2 : clean.endsWith('=') ? 1 : 0;
  return Math.max(0, Math.floor((clean.length * 3) / 4) - padding);
}
