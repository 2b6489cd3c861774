import type { IncomingMessage, ServerResponse } from 'node:http';
import { fakeEmbedding } from './fake-embedding';
import { HttpError, readJsonBody, sendJson } from './http-utils';

/** Gemini's embedding paths: one text (`embedContent`) or many (`batchEmbedContents`, what the SDK calls). */
export const GEMINI_EMBED_PATH =
  /^\/(v1beta|v1|v1alpha)\/models\/([^/:]+):(embedContent|batchEmbedContents)$/;
export const OPENAI_EMBED_PATHS = new Set(['/v1/embeddings', '/embeddings']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function openaiInputs(body: unknown): string[] {
  const input = isRecord(body) ? body.input : undefined;
  if (typeof input === 'string') return [input];
  if (Array.isArray(input) && input.length > 0 && input.every((item) => typeof item === 'string')) {
    return input;
  }
  throw new HttpError(400, "'input' must be a string or a non-empty array of strings");
}

function float32Base64(vector: number[]): string {
  return Buffer.from(new Float32Array(vector).buffer).toString('base64');
}

/** OpenAI's `POST /v1/embeddings`, float or base64 (the SDK's default) encoded. */
export async function replyOpenAIEmbeddings(request: IncomingMessage, response: ServerResponse) {
  const body = await readJsonBody(request);
  const inputs = openaiInputs(body);
  const model = isRecord(body) && typeof body.model === 'string' ? body.model : 'fake-embedding';
  const base64 = isRecord(body) && body.encoding_format === 'base64';
  const tokens = inputs.reduce((sum, text) => sum + Math.ceil(text.length / 4), 0);
  sendJson(response, 200, {
    object: 'list',
    model,
    data: inputs.map((text, index) => {
      const vector = fakeEmbedding(text);
      return { object: 'embedding', index, embedding: base64 ? float32Base64(vector) : vector };
    }),
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  });
}

function geminiText(content: unknown): string {
  const parts = isRecord(content) && Array.isArray(content.parts) ? content.parts : [];
  return parts.map((part) => (isRecord(part) && typeof part.text === 'string' ? part.text : '')).join('\n');
}

/** Gemini's `embedContent` (`{embedding:{values}}`) and `batchEmbedContents` (`{embeddings:[…]}`). */
export async function replyGeminiEmbeddings(
  request: IncomingMessage,
  response: ServerResponse,
  method: string,
) {
  const body = await readJsonBody(request);
  if (!isRecord(body)) throw new HttpError(400, 'body must be an object');
  if (method === 'embedContent') {
    sendJson(response, 200, { embedding: { values: fakeEmbedding(geminiText(body.content)) } });
    return;
  }
  if (!Array.isArray(body.requests) || body.requests.length === 0) {
    throw new HttpError(400, "'requests' must be a non-empty array");
  }
  sendJson(response, 200, {
    embeddings: body.requests.map((item) => ({
      values: fakeEmbedding(geminiText(isRecord(item) ? item.content : undefined)),
    })),
  });
}
