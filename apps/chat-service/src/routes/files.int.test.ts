import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAll, StorageNotFoundError } from '@vivier/storage';
import { startLocalS3, type LocalS3 } from '@vivier/storage/testing';
import { minimalPdf } from '@vivier/testkit';
import { clientFor, startTestChatService, type TestChatService, type TestUser } from '../test-support';
import { CORRUPT_PDF, PNG_BYTES, upload } from './files-test-support';

let service: TestChatService;
let owner: TestUser;
let stranger: TestUser;

beforeAll(async () => {
  service = await startTestChatService({ UPLOAD_LIMIT_BYTES: '4096', PDF_MAX_PAGES: '3' });
  owner = await service.createUser();
  stranger = await service.createUser();
});
afterAll(async () => {
  await service.close();
});

const ELF = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(56)]);
const ZIP = Buffer.concat([
  Buffer.from('PK\x03\x04', 'latin1'),
  Buffer.from([20, 0, 0, 0, 8, 0]),
  Buffer.alloc(20, 0xff),
]);

describe('POST /api/files', () => {
  it('stores an image and answers 201 with the File, sha256 and a random storage key recorded', async () => {
    const response = await upload(service, owner, [
      { name: 'pixel.png', type: 'image/png', bytes: PNG_BYTES },
    ]);
    expect(response.statusCode, response.body).toBe(201);
    const file = response.json();
    expect(file).toEqual({
      id: expect.stringMatching(/^fil_[0-9a-z]{20}$/),
      name: 'pixel.png',
      contentType: 'image/png',
      size: PNG_BYTES.length,
      createdAt: expect.any(String),
    });
    const row = await service.prisma.file.findUniqueOrThrow({ where: { id: file.id } });
    expect(row.userId).toBe(owner.id);
    expect(row.sha256).toBe(createHash('sha256').update(PNG_BYTES).digest('hex'));
    expect(row.storageKey).toMatch(/^files\/[0-9a-f]{2}\/[0-9a-f]{32}$/);
    expect(await readAll(service.deps.storage, row.storageKey)).toEqual(PNG_BYTES);
  });

  it('believes the bytes, not the claimed type: text named .png is stored as text', async () => {
    const response = await upload(service, owner, [
      { name: 'photo.png', type: 'image/png', bytes: 'not a picture\n' },
    ]);
    expect(response.statusCode).toBe(201);
    expect(response.json().contentType).toBe('text/plain');

    const png = await upload(service, owner, [{ name: 'notes.txt', type: 'text/plain', bytes: PNG_BYTES }]);
    expect(png.json().contentType).toBe('image/png');

    const json = await upload(service, owner, [
      { name: 'data.json', type: 'application/octet-stream', bytes: '{"a":1}' },
    ]);
    expect(json.json().contentType).toBe('application/json');
    const source = await upload(service, owner, [
      { name: 'main.rs', bytes: 'fn main() { println!("héllo"); }\n' },
    ]);
    expect(source.json().contentType).toBe('text/plain');
  });

  it.each([
    ['an ELF executable', 'tool', ELF],
    ['a zip archive', 'archive.txt', ZIP],
    ['text with a NUL byte', 'x.txt', Buffer.from('abc\0def')],
    ['invalid UTF-8', 'latin1.txt', Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a])],
  ])('refuses %s with 415 and stores nothing', async (_kind, name, bytes) => {
    const before = await service.prisma.file.count({ where: { userId: stranger.id } });
    const response = await upload(service, stranger, [{ name, type: 'text/plain', bytes }]);
    expect(response.statusCode).toBe(415);
    expect(response.json().error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(await service.prisma.file.count({ where: { userId: stranger.id } })).toBe(before);
  });

  it('answers 413 beyond UPLOAD_LIMIT_BYTES', async () => {
    const response = await upload(service, stranger, [{ name: 'big.txt', bytes: 'a'.repeat(4097) }]);
    expect(response.statusCode).toBe(413);
    expect(response.json().error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', meta: { limitBytes: 4096 } });
    expect(await service.prisma.file.count({ where: { userId: stranger.id, name: 'big.txt' } })).toBe(0);
    // Exactly at the limit is fine.
    expect(
      (await upload(service, stranger, [{ name: 'edge.txt', bytes: 'a'.repeat(4096) }])).statusCode,
    ).toBe(201);
  });

  it('never stores a truncated file: a body whose first packet ends exactly at the limit is still 413', async () => {
    // What a proxy's 64 KiB chunks can do: the file's first bytes up to the limit arrive in one
    // packet, the rest a moment later. A check made per chunk would miss the overflow.
    const base = new URL(await service.listen());
    const boundary = 'vivier-boundary';
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="split.txt"\r\nContent-Type: text/plain\r\n\r\n`;
    const status = await new Promise<number>((resolve, reject) => {
      const request = httpRequest(
        {
          host: base.hostname,
          port: base.port,
          method: 'POST',
          path: '/api/files',
          headers: { ...stranger.headers, 'content-type': `multipart/form-data; boundary=${boundary}` },
        },
        (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        },
      );
      request.on('error', reject);
      request.write(Buffer.concat([Buffer.from(head), Buffer.alloc(4096, 'a')]));
      setTimeout(
        () => request.end(Buffer.concat([Buffer.alloc(512, 'b'), Buffer.from(`\r\n--${boundary}--\r\n`)])),
        100,
      );
    });
    expect(status).toBe(413);
    expect(await service.prisma.file.count({ where: { userId: stranger.id, name: 'split.txt' } })).toBe(0);
  });

  it('answers 400 without a file, for an empty file, or a file under another field name', async () => {
    const noFile = await upload(service, owner, [], { note: 'hello' });
    expect(noFile.statusCode).toBe(400);
    expect(noFile.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'file' }] });
    const empty = await upload(service, owner, [{ name: 'empty.txt', bytes: '' }]);
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.message).toBe('The file is empty');
    const wrongField = await upload(service, owner, [{ field: 'upload', name: 'a.txt', bytes: 'hi' }]);
    expect(wrongField.statusCode).toBe(400);
  });

  it('answers 400 with the envelope to a multipart body that cannot be read (no boundary, cut short)', async () => {
    const noBoundary = await service.app.inject({
      method: 'POST',
      url: '/api/files',
      headers: { ...owner.headers, 'content-type': 'multipart/form-data' },
      payload: '',
    });
    expect(noBoundary.statusCode).toBe(400);
    expect(noBoundary.json().error.code).toBe('VALIDATION_FAILED');
    const cutShort = await service.app.inject({
      method: 'POST',
      url: '/api/files',
      headers: { ...owner.headers, 'content-type': 'multipart/form-data; boundary=x' },
      payload: '--x\r\ncontent-disposition: form-data; name="file"; filename="a.txt"\r\n\r\nhal',
    });
    expect(cutShort.statusCode).toBe(400);
    expect(cutShort.json().error.code).toBe('VALIDATION_FAILED');
    const stored = await service.prisma.file.count({ where: { userId: owner.id, name: 'a.txt' } });
    expect(stored).toBe(0);
  });

  it('answers 415 to a body that is not multipart', async () => {
    const response = await clientFor(service, owner).post('/api/files', { name: 'a.txt', content: 'hi' });
    expect(response.statusCode).toBe(415);
    expect(response.json().error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('needs a token', async () => {
    const response = await service.app.inject({ method: 'POST', url: '/api/files' });
    expect(response.statusCode).toBe(401);
  });

  it('keeps only the last segment of the name, without control characters, and caps its length', async () => {
    const traversal = await upload(service, owner, [
      { name: '../../etc/pass\u0007wd', bytes: 'root:x:0:0\n' },
    ]);
    expect(traversal.json().name).toBe('passwd');
    const long = await upload(service, owner, [{ name: `${'n'.repeat(400)}.md`, bytes: '# title\n' }]);
    expect(long.json().name).toBe(`${'n'.repeat(252)}.md`);
    expect(long.json().contentType).toBe('text/markdown');
  });
});

describe('PDF uploads', () => {
  const report = minimalPdf([
    ['Quarterly report (draft)', 'Revenue grew 12% in the harbour district.'],
    ['Page two: the lighthouse needs paint.'],
  ]);

  it('accepts a PDF with text as application/pdf, keeps its text for the model and serves back the original bytes', async () => {
    const response = await upload(service, owner, [
      { name: 'report.pdf', type: 'application/octet-stream', bytes: report },
    ]);
    expect(response.statusCode, response.body).toBe(201);
    const file = response.json();
    expect(file).toMatchObject({ name: 'report.pdf', contentType: 'application/pdf', size: report.length });
    const row = await service.prisma.file.findUniqueOrThrow({ where: { id: file.id } });
    expect(row.extractedText).toBe(
      'Quarterly report (draft)\nRevenue grew 12% in the harbour district.\n\nPage two: the lighthouse needs paint.',
    );
    expect(await readAll(service.deps.storage, row.storageKey)).toEqual(report);

    const download = await clientFor(service, owner).get(`/api/files/${file.id}`);
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload).toEqual(report);
    expect(download.headers).toMatchObject({
      'content-type': 'application/pdf',
      'content-length': String(report.length),
      'content-disposition': `attachment; filename="report.pdf"; filename*=UTF-8''report.pdf`,
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
    });
  });

  it('sees a PDF by its bytes whatever its name, and downloads it with a .pdf name when it has no extension', async () => {
    const file = (await upload(service, owner, [{ name: 'scan', type: 'text/plain', bytes: report }])).json();
    expect(file.contentType).toBe('application/pdf');
    const download = await clientFor(service, owner).get(`/api/files/${file.id}`);
    expect(download.headers['content-disposition']).toBe(
      `attachment; filename="scan.pdf"; filename*=UTF-8''scan.pdf`,
    );
  });

  it('refuses a PDF without a text layer with 415 and a message that says what to do, storing nothing', async () => {
    const before = await service.prisma.file.count({ where: { userId: stranger.id } });
    const response = await upload(service, stranger, [{ name: 'scan.pdf', bytes: minimalPdf([[], []]) }]);
    expect(response.statusCode).toBe(415);
    expect(response.json().error).toMatchObject({
      code: 'UNSUPPORTED_MEDIA_TYPE',
      message: 'This PDF has no text layer (scanned?); attach images of its pages instead',
    });
    expect(await service.prisma.file.count({ where: { userId: stranger.id } })).toBe(before);
  });

  it.each([
    ['a truncated PDF', CORRUPT_PDF],
    ['a PDF header over garbage', Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(900, 0xab)])],
  ])('answers %s with 400, not 500, and stores nothing', async (_kind, bytes) => {
    const before = await service.prisma.file.count({ where: { userId: stranger.id } });
    const response = await upload(service, stranger, [{ name: 'broken.pdf', bytes }]);
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().error).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: 'This PDF could not be read: it is damaged or not a PDF',
      details: [{ path: 'file' }],
    });
    expect(await service.prisma.file.count({ where: { userId: stranger.id } })).toBe(before);
  });

  it('refuses a PDF over PDF_MAX_PAGES with 413 and the limit, and takes one at the limit', async () => {
    const response = await upload(service, stranger, [
      { name: 'long.pdf', bytes: minimalPdf([['one'], ['two'], ['three'], ['four']]) },
    ]);
    expect(response.statusCode).toBe(413);
    expect(response.json().error).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      message: 'This PDF has 4 pages; at most 3 can be attached',
      meta: { pages: 4, limitPages: 3 },
    });
    const atLimit = await upload(service, stranger, [
      { name: 'three.pdf', bytes: minimalPdf([['one'], ['two'], ['three']]) },
    ]);
    expect(atLimit.statusCode).toBe(201);
  });
});

describe('GET /api/files/:id', () => {
  it('serves an image inline as its own type, with nosniff and a CSP that allows nothing', async () => {
    const file = (await upload(service, owner, [{ name: 'pixel.png', bytes: PNG_BYTES }])).json();
    const response = await clientFor(service, owner).get(`/api/files/${file.id}`);
    expect(response.statusCode).toBe(200);
    expect(response.rawPayload).toEqual(PNG_BYTES);
    expect(response.headers).toMatchObject({
      'content-type': 'image/png',
      'content-length': String(PNG_BYTES.length),
      'content-disposition': `inline; filename="pixel.png"; filename*=UTF-8''pixel.png`,
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
    });
  });

  it('serves text as a plain-text download, whatever it contains', async () => {
    const html = '<script>alert(document.cookie)</script>';
    const file = (
      await upload(service, owner, [{ name: 'page.html', type: 'text/html', bytes: html }])
    ).json();
    const response = await clientFor(service, owner).get(`/api/files/${file.id}`);
    expect(response.body).toBe(html);
    expect(response.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(response.headers['content-disposition']).toBe(
      `attachment; filename="page.html"; filename*=UTF-8''page.html`,
    );
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
  });

  it('treats an SVG as text, never as an image', async () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>';
    const file = (
      await upload(service, owner, [{ name: 'logo.svg', type: 'image/svg+xml', bytes: svg }])
    ).json();
    expect(file.contentType).toBe('text/plain');
    const response = await clientFor(service, owner).get(`/api/files/${file.id}`);
    expect(response.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(response.headers['content-disposition']).toMatch(/^attachment;/);
  });

  it('answers another user’s, an unknown and a malformed id with the same 404', async () => {
    const file = (await upload(service, owner, [{ name: 'secret.txt', bytes: 'my secret' }])).json();
    const bodies = [];
    for (const id of [file.id, 'fil_00000000000000000000', `${file.id}/../x`, 'garbage']) {
      const response = await clientFor(service, stranger).get(`/api/files/${encodeURIComponent(id)}`);
      expect(response.statusCode).toBe(404);
      expect(response.body).not.toContain('my secret');
      const { error } = response.json();
      bodies.push(error);
    }
    expect(new Set(bodies.map((error) => JSON.stringify(error))).size).toBe(1);
    expect(bodies[0]).toEqual({ code: 'NOT_FOUND', message: 'File not found' });
  });
});

describe('DELETE /api/files/:id', () => {
  it('deletes the owner’s file and its bytes; a stranger gets 404 and changes nothing', async () => {
    const file = (await upload(service, owner, [{ name: 'gone.txt', bytes: 'soon gone' }])).json();
    const row = await service.prisma.file.findUniqueOrThrow({ where: { id: file.id } });

    const refused = await clientFor(service, stranger).delete(`/api/files/${file.id}`);
    expect(refused.statusCode).toBe(404);
    expect((await clientFor(service, owner).get(`/api/files/${file.id}`)).body).toBe('soon gone');

    const deleted = await clientFor(service, owner).delete(`/api/files/${file.id}`);
    expect(deleted.statusCode).toBe(204);
    expect((await clientFor(service, owner).get(`/api/files/${file.id}`)).statusCode).toBe(404);
    await expect(service.deps.storage.get(row.storageKey)).rejects.toBeInstanceOf(StorageNotFoundError);
    expect((await clientFor(service, owner).delete(`/api/files/${file.id}`)).statusCode).toBe(404);
  });
});

describe('files on messages', () => {
  it('a message lists the ids of its files; another user cannot attach them', async () => {
    const file = (await upload(service, owner, [{ name: 'pixel.png', bytes: PNG_BYTES }])).json();
    const client = clientFor(service, owner);
    const chat = await client.createChat();
    const { userMessage } = await client.postMessage(chat.id, 'what is this?', { fileIds: [file.id] });
    const listed = (await client.get(`/api/chats/${chat.id}/messages`)).json().items;
    expect(listed.find((message: { id: string }) => message.id === userMessage.id).fileIds).toEqual([
      file.id,
    ]);

    const theirChat = await clientFor(service, stranger).createChat();
    const refused = await clientFor(service, stranger).post(`/api/chats/${theirChat.id}/messages`, {
      content: 'mine now',
      fileIds: [file.id],
    });
    expect(refused.statusCode).toBe(400);
  });
});

describe('a message of attachments only', () => {
  it('is accepted with empty text when it carries a file, and refused (400 on content) when it carries nothing', async () => {
    const file = (await upload(service, owner, [{ name: 'only.png', bytes: PNG_BYTES }])).json();
    const client = clientFor(service, owner);
    const chat = await client.createChat();
    const { userMessage } = await client.postMessage(chat.id, '', { fileIds: [file.id] });
    expect(userMessage).toMatchObject({ content: '', fileIds: [file.id] });

    for (const body of [{ content: '' }, { content: '', fileIds: [] }]) {
      const refused = await client.post(`/api/chats/${chat.id}/messages`, body);
      expect(refused.statusCode).toBe(400);
      expect(refused.json().error.details).toEqual([expect.objectContaining({ path: 'content' })]);
    }
  });
});

describe('a PDF that takes longer than PDF_EXTRACT_TIMEOUT_MS', () => {
  let slow: TestChatService;
  beforeAll(async () => {
    slow = await startTestChatService({ PDF_EXTRACT_TIMEOUT_MS: '100' });
  });
  afterAll(async () => {
    await slow?.close();
  });

  it('is refused with 413 once the time is up, and the service goes on answering', async () => {
    const user = await slow.createUser();
    const started = Date.now();
    // 400 pages of 40 lines (1.6 MB): reading them takes about a second, ten times the limit.
    const pages = Array.from({ length: 400 }, (_, page) =>
      Array.from(
        { length: 40 },
        (_, line) => `Page ${page + 1}, line ${line + 1}: lorem ipsum dolor sit amet`,
      ),
    );
    const response = await upload(slow, user, [{ name: 'slow.pdf', bytes: minimalPdf(pages) }]);
    expect(response.statusCode).toBe(413);
    expect(response.json().error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', meta: { limitMs: 100 } });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(await slow.prisma.file.count({ where: { userId: user.id } })).toBe(0);
    expect((await upload(slow, user, [{ name: 'a.txt', bytes: 'still here' }])).statusCode).toBe(201);
  });
});

describe('with the S3 driver', () => {
  let s3: LocalS3;
  let s3Service: TestChatService;

  beforeAll(async () => {
    s3 = await startLocalS3('vivier-uploads');
    s3Service = await startTestChatService({
      S3_BUCKET: s3.bucket,
      S3_ENDPOINT: s3.endpoint,
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
    });
  });
  afterAll(async () => {
    await s3Service?.close();
    await s3?.close();
  });

  it('uploads to the bucket, serves the bytes back and deletes them', async () => {
    const user = await s3Service.createUser();
    expect(s3Service.deps.storage.driver).toBe('s3');
    const file = (await upload(s3Service, user, [{ name: 'pixel.png', bytes: PNG_BYTES }])).json();
    const row = await s3Service.prisma.file.findUniqueOrThrow({ where: { id: file.id } });
    expect(s3.requests).toContain(`PUT ${new URL(s3.endpoint).host} /${s3.bucket}/${row.storageKey}`);

    const download = await clientFor(s3Service, user).get(`/api/files/${file.id}`);
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload).toEqual(PNG_BYTES);

    expect((await clientFor(s3Service, user).delete(`/api/files/${file.id}`)).statusCode).toBe(204);
    expect(s3.requests.at(-1)).toBe(`DELETE ${new URL(s3.endpoint).host} /${s3.bucket}/${row.storageKey}`);
  });
});
