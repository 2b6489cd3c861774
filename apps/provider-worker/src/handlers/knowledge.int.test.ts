import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId, type StreamFrame } from '@vivier/contracts';
import { chunkText, embeddingInput, toChunkRows } from '@vivier/knowledge';
import { fakeEmbedding, startFakeLlm, type FakeLlm } from '@vivier/testkit';
import {
  createChatServiceStandIn,
  startTestWorker,
  type ChatServiceStandIn,
  type TestWorker,
} from '../test-support';

/**
 * Answering from knowledge bases: the worker retrieves passages for the question from the bases
 * the chat names (only those its user may read now), puts them in the prompt, and sends numbered
 * citation frames that are also stored on the answer.
 */
let fake: FakeLlm;
let chat: ChatServiceStandIn;
let worker: TestWorker;

beforeAll(async () => {
  fake = await startFakeLlm({ tokenDelayMs: 0 });
  chat = createChatServiceStandIn();
  worker = await startTestWorker({
    prefix: chat.prefix,
    fake,
    env: { KNOWLEDGE_EMBEDDING_PROVIDER: 'openai-compatible', KNOWLEDGE_EMBEDDING_MODEL: 'fake-embedding' },
  });
});
afterAll(async () => {
  await worker?.close();
  await chat?.close();
  await fake?.close();
});

const HANDBOOK = `# Vacation\n\nEmployees receive thirty vacation days per year.\n\n# Parking\n\nVisitors park in the north garage.`;

/** What chat-service's ingestion writes: a base, the File, its entry and its embedded chunks. */
async function indexedBase(userId: string, text = HANDBOOK, name = 'handbook.md') {
  const baseId = newId('knowledgeBase');
  const fileId = newId('file');
  await chat.prisma.knowledgeBase.create({ data: { id: baseId, userId, name: 'Handbook' } });
  await chat.prisma.file.create({
    data: {
      id: fileId,
      userId,
      name,
      contentType: 'text/markdown',
      size: text.length,
      storageKey: `test/${fileId}`,
    },
  });
  const chunks = chunkText(text);
  await chat.prisma.knowledgeFile.create({
    data: {
      knowledgeBaseId: baseId,
      fileId,
      status: 'ready',
      chunks: chunks.length,
      indexedChunks: chunks.length,
    },
  });
  await chat.prisma.knowledgeChunk.createMany({
    data: toChunkRows({
      knowledgeBaseId: baseId,
      fileId,
      chunks,
      vectors: chunks.map((chunk) => fakeEmbedding(embeddingInput(chunk))),
      newChunkId: () => newId('knowledgeChunk'),
    }),
  });
  return { baseId, fileId };
}

const citationsOf = (frames: StreamFrame[]) => frames.filter((frame) => frame.type === 'citation');
const answerOf = (frames: StreamFrame[]) =>
  frames.flatMap((frame) => (frame.type === 'delta' ? [frame.text] : [])).join('');
const unique = (text: string) => `${text} (${randomBytes(3).toString('hex')})`;

describe('answers with sources', () => {
  it('puts the best passage into the prompt, cites it as [1] and stores the citations on the answer', async () => {
    const user = await chat.createUser();
    const { baseId, fileId } = await indexedBase(user.id);
    const question = unique('How much holiday do staff get?');
    const sent = await chat.postMessage(question, { userId: user.id, settings: { knowledgeIds: [baseId] } });
    const frames = await chat.waitForEnd(sent.generationId);
    expect(frames.at(-1)?.type).toBe('done');

    const citations = citationsOf(frames);
    expect(citations[0]).toMatchObject({
      index: 1,
      source: {
        fileId,
        title: 'handbook.md — Vacation',
        excerpt: expect.stringContaining('thirty vacation days'),
      },
    });
    // Citations come before the answer that cites them.
    expect(frames.findIndex((frame) => frame.type === 'citation')).toBeLessThan(
      frames.findIndex((frame) => frame.type === 'delta'),
    );
    expect(answerOf(frames)).toContain('thirty vacation days per year. [1]');

    const request = fake.requests.find((entry) => entry.lastUserText === question)!;
    expect(JSON.stringify(request.body)).toContain('[1] handbook.md — Vacation');
    const stored = await chat.prisma.message.findUniqueOrThrow({ where: { id: sent.assistantMessageId } });
    expect(stored.citations).toEqual(citations.map(({ index, source }) => ({ index, source })));
  });

  it("retrieves nothing from another user's base named in the chat's settings", async () => {
    const owner = await chat.createUser();
    const intruder = await chat.createUser();
    const { baseId } = await indexedBase(owner.id, '# Vault\n\nThe vault code is 4711.', 'secret.md');
    // chat-service refuses this at PATCH; a row written around it must still leak nothing.
    const question = unique('What is the vault code?');
    const sent = await chat.postMessage(question, {
      userId: intruder.id,
      settings: { knowledgeIds: [baseId] },
    });
    const frames = await chat.waitForEnd(sent.generationId);
    expect(frames.at(-1)?.type).toBe('done');
    expect(citationsOf(frames)).toEqual([]);
    const request = fake.requests.find((entry) => entry.lastUserText === question)!;
    expect(JSON.stringify(request.body)).not.toContain('4711');
  });

  it('stops retrieving from a shared base once the user leaves the group', async () => {
    const owner = await chat.createUser();
    const member = await chat.createUser();
    const { baseId } = await indexedBase(owner.id);
    const groupId = newId('group');
    await chat.prisma.group.create({
      data: {
        id: groupId,
        name: `Team ${randomBytes(3).toString('hex')}`,
        members: { create: [{ userId: member.id }] },
      },
    });
    await chat.prisma.knowledgeBase.update({ where: { id: baseId }, data: { groupIds: [groupId] } });

    const shared = await chat.postMessage(unique('Where do visitors park?'), {
      userId: member.id,
      settings: { knowledgeIds: [baseId] },
    });
    expect(citationsOf(await chat.waitForEnd(shared.generationId))[0]).toMatchObject({
      source: { title: 'handbook.md — Parking' },
    });

    await chat.prisma.groupMember.deleteMany({ where: { groupId, userId: member.id } });
    const after = await chat.postMessage(unique('Where do visitors park?'), {
      userId: member.id,
      settings: { knowledgeIds: [baseId] },
    });
    expect(citationsOf(await chat.waitForEnd(after.generationId))).toEqual([]);
  });
});
