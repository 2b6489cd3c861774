import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  minimalPdf,
  startFakeLlm,
  startSmtpSink,
  uniqueEmail,
  type FakeLlm,
  type FakeLlmRequest,
  type SmtpSink,
} from '@vivier/testkit';
import type { Stack } from '../scripts/lib/stack';
import { GENEROUS_LIMITS, startTestStack } from './test-stack';
import { createClient } from './chat-client';

/**
 * Uploads over real processes: multipart through the gateway's proxy to chat-service, stored on
 * the local disk, read back by provider-worker and sent to each provider family in its own wire
 * format (the fake LLM keeps every request body).
 */
let stack: Stack;
let smtp: SmtpSink;
let fake: FakeLlm;
let client: ReturnType<typeof createClient>;
let filesDir: string;
let token: string;
let strangerToken: string;

const UPLOAD_LIMIT_BYTES = 6 * 1024 * 1024;

/** A 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==',
  'base64',
);

beforeAll(async () => {
  smtp = await startSmtpSink();
  fake = await startFakeLlm({ tokenDelayMs: 1 });
  filesDir = await mkdtemp(join(tmpdir(), 'vivier-e2e-files-'));
  stack = await startTestStack({
    label: 'e2e-files',
    smtpUrl: smtp.url,
    env: {
      ...GENEROUS_LIMITS,
      OPENAI_API_KEY: 'sk-e2e',
      OPENAI_BASE_URL: fake.openaiBaseUrl,
      ANTHROPIC_API_KEY: 'sk-ant-e2e',
      ANTHROPIC_BASE_URL: fake.url,
      GOOGLE_API_KEY: 'g-e2e',
      GOOGLE_BASE_URL: fake.url,
      OPENAI_COMPATIBLE_BASE_URL: fake.openaiBaseUrl,
      OPENAI_COMPATIBLE_MODELS: 'fake',
      FILE_STORAGE_DIR: filesDir,
      // Room for an image over Anthropic's inline limit (5 MiB of base64, ~3.75 MiB raw).
      UPLOAD_LIMIT_BYTES: String(UPLOAD_LIMIT_BYTES),
      FILE_INLINE_LIMIT_CHARS: '1000',
    },
  });
  client = createClient(stack.gateway.url);
  const register = async () =>
    (
      await client.call('POST', '/api/auth/register', {
        body: { email: uniqueEmail('files-e2e'), password: 'Correct-Horse-9-Battery' },
      })
    ).json.accessToken as string;
  token = await register();
  strangerToken = await register();
}, 180_000);

afterAll(async () => {
  await stack?.stop();
  await fake?.close();
  await smtp?.close();
  if (filesDir) await rm(filesDir, { recursive: true, force: true });
});

/** `POST /api/files` through the gateway with a multipart body the platform's FormData encodes. */
async function uploadFile(name: string, bytes: Uint8Array | string, type = '', as = token) {
  const form = new FormData();
  form.append(
    'file',
    new Blob([typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes], { type }),
    name,
  );
  const response = await fetch(`${stack.gateway.url}/api/files`, {
    method: 'POST',
    headers: { authorization: `Bearer ${as}` },
    body: form,
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test client: bodies are asserted field by field
  const json: any = await response.json();
  return { status: response.status, json };
}

async function newChat(provider: string) {
  const models = await client.call('GET', '/api/models', { token });
  const model = models.json.items.find(
    (item: { provider: string; capabilities: { vision: boolean } }) =>
      item.provider === provider && item.capabilities.vision,
  );
  expect(model, `no vision-capable ${provider} model listed`).toBeTruthy();
  const chat = await client.call('POST', '/api/chats', { token, body: { provider, model: model.id } });
  expect(chat.status, chat.text).toBe(201);
  return chat.json.id as string;
}

/** The inline image data of the last user message, read from the request body in each provider's own shape. */
function imagesSent(request: FakeLlmRequest): Array<{ format: string; mimeType: string; data: string }> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- provider wire bodies, read field by field
  const body = request.body as any;
  if (request.api === 'openai') {
    const last = body.messages.at(-1);
    return (Array.isArray(last.content) ? last.content : [])
      .filter((part: { type: string }) => part.type === 'image_url')
      .map((part: { image_url: { url: string } }) => {
        const [, mimeType, data] = /^data:([^;]+);base64,(.*)$/s.exec(part.image_url.url) ?? [];
        return { format: 'openai:image_url:data', mimeType: mimeType ?? '', data: data ?? '' };
      });
  }
  if (request.api === 'anthropic') {
    const last = body.messages.at(-1);
    return (Array.isArray(last.content) ? last.content : [])
      .filter((block: { type: string }) => block.type === 'image')
      .map((block: { source: { type: string; media_type: string; data: string } }) => ({
        format: `anthropic:${block.source.type}`,
        mimeType: block.source.media_type,
        data: block.source.data,
      }));
  }
  const last = body.contents.at(-1);
  return last.parts
    .filter((part: { inlineData?: unknown }) => part.inlineData)
    .map((part: { inlineData: { mimeType: string; data: string } }) => ({
      format: 'gemini:inlineData',
      mimeType: part.inlineData.mimeType,
      data: part.inlineData.data,
    }));
}

async function sendAndFinish(chatId: string, content: string, fileIds: string[]) {
  const sent = await client.call('POST', `/api/chats/${chatId}/messages`, {
    token,
    body: { content, fileIds },
  });
  expect(sent.status, sent.text).toBe(202);
  const frames = await client.watch(sent.json.generationId, token);
  expect(frames.at(-1), JSON.stringify(frames.at(-1))).toMatchObject({ type: 'done' });
  const request = fake.requests.find((entry) => JSON.stringify(entry.body).includes(content));
  expect(request, 'the fake LLM never received the message').toBeTruthy();
  return { request: request!, userMessageId: sent.json.userMessage.id as string };
}

describe('files through the whole stack', () => {
  it('uploads a PNG as multipart through the gateway and stores it under a random key', async () => {
    const uploaded = await uploadFile('pixel.png', PNG, 'image/png');
    expect(uploaded.status).toBe(201);
    expect(uploaded.json).toMatchObject({ name: 'pixel.png', contentType: 'image/png', size: PNG.length });
    const download = await fetch(`${stack.gateway.url}/api/files/${uploaded.json.id}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('image/png');
    expect(download.headers.get('x-content-type-options')).toBe('nosniff');
    expect(download.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    expect(Buffer.from(await download.arrayBuffer())).toEqual(PNG);
    // Nothing of the user's file name reaches the disk.
    const shards = await readdir(join(filesDir, 'files'));
    const names = (await Promise.all(shards.map((shard) => readdir(join(filesDir, 'files', shard))))).flat();
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) expect(name).toMatch(/^[0-9a-f]{32}$/);
  });

  it('refuses a file over the upload limit with 413 and the limit, whether chat-service or the gateway sees it first', async () => {
    // Just over: the gateway lets the body through (room for the envelope), chat-service refuses the file.
    const over = await uploadFile('big.txt', 'x'.repeat(UPLOAD_LIMIT_BYTES + 1));
    // Far over: the gateway refuses it by Content-Length before it is proxied.
    const farOver = await uploadFile('bigger.txt', 'x'.repeat(UPLOAD_LIMIT_BYTES + 200 * 1024));
    for (const response of [over, farOver]) {
      expect(response.status, JSON.stringify(response.json)).toBe(413);
      expect(response.json.error).toMatchObject({
        code: 'PAYLOAD_TOO_LARGE',
        meta: { limitBytes: UPLOAD_LIMIT_BYTES },
      });
    }
  });

  it('answers another user with the same 404 as an unknown file', async () => {
    const uploaded = await uploadFile('private.txt', 'for my eyes only');
    const theirs = await client.call('GET', `/api/files/${uploaded.json.id}`, { token: strangerToken });
    const unknown = await client.call('GET', '/api/files/fil_00000000000000000000', { token: strangerToken });
    expect(theirs.status).toBe(404);
    expect(theirs.text).not.toContain('for my eyes only');
    expect(theirs.json.error).toEqual(unknown.json.error);
    const deleted = await client.call('DELETE', `/api/files/${uploaded.json.id}`, { token: strangerToken });
    expect(deleted.status).toBe(404);
    expect((await client.call('GET', `/api/files/${uploaded.json.id}`, { token })).text).toBe(
      'for my eyes only',
    );
  });

  it.each([
    ['openai', 'openai', 'openai:image_url:data'],
    ['anthropic', 'anthropic', 'anthropic:base64'],
    ['google', 'gemini', 'gemini:inlineData'],
    ['openai-compatible', 'openai', 'openai:image_url:data'],
  ])(
    'sends an attached image to %s in its wire format (%s), with the same bytes',
    async (provider, api, format) => {
      const uploaded = await uploadFile('pixel.png', PNG, 'image/png');
      const chatId = await newChat(provider);
      const content = `What colour is this pixel? (${provider})`;
      const { request, userMessageId } = await sendAndFinish(chatId, content, [uploaded.json.id]);
      expect(request.api).toBe(api);
      const images = imagesSent(request);
      expect(images).toHaveLength(1);
      expect(images[0]!.format).toBe(format);
      expect(images[0]!.mimeType).toBe('image/png');
      expect(Buffer.from(images[0]!.data, 'base64')).toEqual(PNG);

      const messages = await client.call('GET', `/api/chats/${chatId}/messages`, { token });
      const userMessage = messages.json.items.find((message: { id: string }) => message.id === userMessageId);
      expect(userMessage.fileIds).toEqual([uploaded.json.id]);
    },
  );

  it('sends a message that is only a picture as the picture alone (Anthropic refuses empty text blocks)', async () => {
    const uploaded = await uploadFile('only.png', PNG, 'image/png');
    const chatId = await newChat('anthropic');
    const before = fake.requests.length;
    const sent = await client.call('POST', `/api/chats/${chatId}/messages`, {
      token,
      body: { content: '', fileIds: [uploaded.json.id] },
    });
    expect(sent.status, sent.text).toBe(202);
    const frames = await client.watch(sent.json.generationId, token);
    expect(frames.at(-1)).toMatchObject({ type: 'done' });
    const request = fake.requests.slice(before).find((entry) => entry.api === 'anthropic')!;
    expect(imagesSent(request)).toHaveLength(1);
    const blocks = (
      request.body as { messages: Array<{ content: Array<{ type: string; text?: string }> }> }
    ).messages.at(-1)!.content;
    expect(blocks.map((block) => block.type)).toEqual(['image']);
  });

  it('leaves out an image larger than Anthropic accepts, telling the model, instead of failing the answer', async () => {
    // A PNG by its magic bytes, 4 MiB: 5.3 MiB of base64, over Anthropic's 5 MiB.
    const big = Buffer.concat([PNG.subarray(0, 16), Buffer.alloc(4 * 1024 * 1024 - 16, 7)]);
    const uploaded = await uploadFile('poster.png', big, 'image/png');
    expect(uploaded.status, JSON.stringify(uploaded.json)).toBe(201);
    const chatId = await newChat('anthropic');
    const content = 'What does the poster say? (anthropic, too big)';
    const { request } = await sendAndFinish(chatId, content, [uploaded.json.id]);
    expect(imagesSent(request)).toEqual([]);
    expect(request.lastUserText).toContain('[Attached image "poster.png" was not sent: it is larger than');
  });

  it('inlines a text file into the prompt the model receives, cut at FILE_INLINE_LIMIT_CHARS', async () => {
    const notes = await uploadFile('notes.md', '# Harbour plan\n- repaint the lighthouse\n', 'text/markdown');
    const long = await uploadFile('long.txt', `${'a'.repeat(1000)}TAIL-NOT-SENT`);
    expect(notes.json.contentType).toBe('text/markdown');
    const chatId = await newChat('openai-compatible');
    const content = 'Summarise my notes, please.';
    const { request } = await sendAndFinish(chatId, content, [notes.json.id, long.json.id]);
    expect(request.lastUserText).toContain(
      'File: notes.md\n```\n# Harbour plan\n- repaint the lighthouse\n```',
    );
    expect(request.lastUserText).toContain('[… truncated: the first 1000 of 1013 characters are shown]');
    expect(request.lastUserText).not.toContain('TAIL-NOT-SENT');
    expect(imagesSent(request)).toEqual([]);
  });

  it('accepts a PDF, shows the model its text in a file block, and serves back the original PDF', async () => {
    const pdf = minimalPdf([
      ['Harbour authority minutes'],
      ['Resolved: the lighthouse is painted red (not white).'],
    ]);
    const uploaded = await uploadFile('minutes.pdf', pdf, 'application/pdf');
    expect(uploaded.status, JSON.stringify(uploaded.json)).toBe(201);
    expect(uploaded.json).toMatchObject({
      name: 'minutes.pdf',
      contentType: 'application/pdf',
      size: pdf.length,
    });

    const chatId = await newChat('openai-compatible');
    const content = 'What colour is the lighthouse, per the minutes?';
    const { request } = await sendAndFinish(chatId, content, [uploaded.json.id]);
    expect(request.lastUserText).toContain(
      'File: minutes.pdf\n```\nHarbour authority minutes\n\nResolved: the lighthouse is painted red (not white).\n```',
    );
    expect(request.lastUserText).not.toContain('%PDF-');

    const download = await fetch(`${stack.gateway.url}/api/files/${uploaded.json.id}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(download.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(download.headers.get('x-content-type-options')).toBe('nosniff');
    expect(download.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    expect(Buffer.from(await download.arrayBuffer())).toEqual(pdf);
  });

  it('refuses a PDF without text (415, says to attach images) and a corrupt PDF (400) through the gateway', async () => {
    const scan = await uploadFile('scan.pdf', minimalPdf([[]]), 'application/pdf');
    expect(scan.status).toBe(415);
    expect(scan.json.error.message).toBe(
      'This PDF has no text layer (scanned?); attach images of its pages instead',
    );
    const corrupt = await uploadFile('broken.pdf', Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type', 'latin1'));
    expect(corrupt.status).toBe(400);
    expect(corrupt.json.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'file' }] });
  });
});
