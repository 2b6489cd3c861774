import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '@vivier/contracts';
import { createPrismaClient } from '@vivier/db';
import { createLogger } from '@vivier/service-kit';
import { createLocalDiskStorage, newStorageKey } from '@vivier/storage';
import { captureLogs, testDatabaseUrl, uniqueEmail } from '@vivier/testkit';
import { buildBranchPrompt } from './branch-prompt';
import { branchAttachments, textFileBlock, withAttachments, type Attachment } from './file-attachments';

const png: Attachment = {
  id: 'fil_png',
  name: 'cat.png',
  contentType: 'image/png',
  bytes: Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]),
};
const notes: Attachment = {
  id: 'fil_md',
  name: 'notes.md',
  contentType: 'text/markdown',
  bytes: Buffer.from('# Plan\n- ship\n'),
};

describe('withAttachments', () => {
  it('keeps a message without files as plain text', () => {
    expect(withAttachments('hello', [], { vision: true, inlineLimitChars: 100 })).toBe('hello');
  });

  it('inlines text files after the message, and sends images as image parts to a vision model', () => {
    expect(withAttachments('What is this?', [png, notes], { vision: true, inlineLimitChars: 100 })).toEqual([
      { type: 'text', text: 'What is this?\n\nFile: notes.md\n```\n# Plan\n- ship\n```' },
      { type: 'image', mimeType: 'image/png', data: png.bytes.toString('base64') },
    ]);
  });

  it('sends a message of only an image as the image alone, with no empty text part', () => {
    expect(withAttachments('', [png], { vision: true, inlineLimitChars: 100 })).toEqual([
      { type: 'image', mimeType: 'image/png', data: png.bytes.toString('base64') },
    ]);
    expect(withAttachments('', [notes], { vision: true, inlineLimitChars: 100 })).toBe(
      'File: notes.md\n```\n# Plan\n- ship\n```',
    );
  });

  it('inlines a PDF’s extracted text like a text file, cut at the same limit with the same marker', () => {
    const pdf: Attachment = {
      id: 'fil_pdf',
      name: 'report.pdf',
      contentType: 'application/pdf',
      bytes: Buffer.from('%PDF-1.4 binary'),
      text: 'Revenue grew 12%.\n\nPage two.',
    };
    expect(withAttachments('Summarise', [pdf], { vision: true, inlineLimitChars: 100 })).toBe(
      'Summarise\n\nFile: report.pdf\n```\nRevenue grew 12%.\n\nPage two.\n```',
    );
    expect(withAttachments('Summarise', [pdf], { vision: false, inlineLimitChars: 7 })).toBe(
      'Summarise\n\nFile: report.pdf\n```\nRevenue\n```\n[… truncated: the first 7 of 28 characters are shown]',
    );
    expect(
      withAttachments('Summarise', [{ ...pdf, text: null }], { vision: true, inlineLimitChars: 100 }),
    ).toBe('Summarise\n\n[Attached PDF "report.pdf" was not sent: its text could not be read.]');
  });

  it('leaves out an image larger than the provider accepts, saying so, and sends the rest', () => {
    const big: Attachment = { ...png, name: 'huge.png', bytes: Buffer.alloc(3000, 1) };
    // 3000 bytes are 4000 base64 characters: over a 3000-character limit, the small PNG is not.
    expect(
      withAttachments('Both?', [big, png], {
        vision: true,
        inlineLimitChars: 100,
        maxImageBase64Chars: 3000,
      }),
    ).toEqual([
      {
        type: 'text',
        text: 'Both?\n\n[Attached image "huge.png" was not sent: it is larger than this model\'s provider accepts (about 2 KB).]',
      },
      { type: 'image', mimeType: 'image/png', data: png.bytes.toString('base64') },
    ]);
  });

  it('tells a model without vision that an image was not sent, rather than dropping it silently', () => {
    expect(withAttachments('Look', [png], { vision: false, inlineLimitChars: 100 })).toBe(
      'Look\n\n[Attached image "cat.png" was not sent: this model cannot read images.]',
    );
  });
});

describe('textFileBlock', () => {
  it('cuts a long file at the limit with a marker saying how much was shown', () => {
    expect(textFileBlock('big.txt', 'abcdefghij', 4)).toBe(
      'File: big.txt\n```\nabcd\n```\n[… truncated: the first 4 of 10 characters are shown]',
    );
  });

  it('never splits a surrogate pair', () => {
    expect(textFileBlock('e.txt', 'ab😀cd', 3)).toContain('```\nab\n```');
  });

  it('uses a fence longer than any backtick run in the file', () => {
    expect(textFileBlock('x.md', 'use ```js\ncode\n```\n', 1000)).toBe(
      'File: x.md\n````\nuse ```js\ncode\n```\n````',
    );
  });
});

describe('branchAttachments', () => {
  const prisma = createPrismaClient(testDatabaseUrl());
  const logs = captureLogs();
  const logger = createLogger({ name: 'test', level: 'info', stream: logs.stream });
  let directory: string;
  const userId = newId('user');
  const otherUserId = newId('user');

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'vivier-attachments-'));
    for (const id of [userId, otherUserId]) {
      await prisma.user.create({ data: { id, email: uniqueEmail('files'), passwordHash: 'x' } });
    }
  });
  afterAll(async () => {
    await prisma.$disconnect();
    await rm(directory, { recursive: true, force: true });
  });

  async function stored(
    owner: string,
    name: string,
    contentType: string,
    bytes: Buffer,
    storage: ReturnType<typeof createLocalDiskStorage>,
  ) {
    const storageKey = newStorageKey();
    await storage.put(storageKey, bytes, contentType);
    return prisma.file.create({
      data: { id: newId('file'), userId: owner, name, contentType, size: bytes.length, storageKey },
    });
  }

  it('loads the branch’s files from the database and storage into the user messages that carry them', async () => {
    const storage = createLocalDiskStorage({ directory });
    const image = await stored(userId, 'cat.png', 'image/png', png.bytes, storage);
    const text = await stored(userId, 'todo.txt', 'text/plain', Buffer.from('buy milk'), storage);
    const foreign = await stored(otherUserId, 'theirs.txt', 'text/plain', Buffer.from('not yours'), storage);
    const missing = await stored(userId, 'gone.txt', 'text/plain', Buffer.from('gone'), storage);
    await storage.delete(missing.storageKey);

    const branch = [
      { id: 'm1', role: 'user' as const, content: 'First', fileIds: [text.id, foreign.id, missing.id] },
      { id: 'm2', role: 'assistant' as const, content: 'Ok' },
      { id: 'm3', role: 'user' as const, content: 'And this?', fileIds: [image.id] },
    ];
    const contentOf = await branchAttachments(
      { db: prisma, storage, logger, inlineLimitChars: 1000 },
      userId,
      branch,
      { vision: true },
    );
    expect(buildBranchPrompt(branch, undefined, contentOf)).toEqual([
      { role: 'user', content: 'First\n\nFile: todo.txt\n```\nbuy milk\n```' },
      { role: 'assistant', content: 'Ok' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'And this?' },
          { type: 'image', mimeType: 'image/png', data: png.bytes.toString('base64') },
        ],
      },
    ]);
    expect(logs.text()).toContain(missing.id);
  });

  it('inlines a PDF from the text stored on its row, without reading its bytes', async () => {
    const storage = createLocalDiskStorage({ directory });
    const storageKey = newStorageKey(); // never written: the PDF's bytes are not needed
    const pdf = await prisma.file.create({
      data: {
        id: newId('file'),
        userId,
        name: 'report.pdf',
        contentType: 'application/pdf',
        size: 600,
        storageKey,
        extractedText: 'Quarterly report\nRevenue grew 12%.',
      },
    });
    const branch = [{ id: 'm1', role: 'user' as const, content: 'Summarise', fileIds: [pdf.id] }];
    const contentOf = await branchAttachments(
      { db: prisma, storage, logger, inlineLimitChars: 1000 },
      userId,
      branch,
      { vision: false },
    );
    expect(buildBranchPrompt(branch, undefined, contentOf)).toEqual([
      {
        role: 'user',
        content: 'Summarise\n\nFile: report.pdf\n```\nQuarterly report\nRevenue grew 12%.\n```',
      },
    ]);
  });
});
