import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '@vivier/contracts';
import { RECENT_WINDOW } from '../services/chat-search';
import {
  clientFor,
  DEMO_MODEL,
  startTestChatService,
  type TestChatService,
  type TestUser,
} from '../test-support';

// Search as `GET /api/chats?q=` answers it (issue 12). The chats are written straight to the
// database, as many as the two phases of the search need, each with a known place in the list.

let service: TestChatService;
beforeAll(async () => {
  service = await startTestChatService();
});
afterAll(async () => {
  await service.close();
});

interface ChatSpec {
  title?: string;
  messages: string[];
}

const BASE = Date.parse('2026-06-01T12:00:00Z');

/**
 * Writes the chats, `specs[0]` the most recently active; each message a minute after the previous
 * one. Messages are inserted without "userId", as any writer but chat-service would: the owner
 * trigger fills it in. `offsetMinutes` shifts the whole set in time (to interleave two users).
 */
async function writeChats(user: TestUser, specs: ChatSpec[], offsetMinutes = 0): Promise<string[]> {
  const ids = specs.map(() => newId('chat'));
  const updatedAt = (index: number) => new Date(BASE - (index * 10 + offsetMinutes) * 60_000);
  await service.prisma.chat.createMany({
    data: specs.map((spec, index) => ({
      id: ids[index]!,
      userId: user.id,
      title: spec.title ?? `Chat number ${index}`,
      ...DEMO_MODEL,
      createdAt: new Date(updatedAt(index).getTime() - 9 * 60_000),
      updatedAt: updatedAt(index),
    })),
  });
  await service.prisma.message.createMany({
    data: specs.flatMap((spec, index) =>
      spec.messages.map((content, position) => ({
        id: newId('message'),
        chatId: ids[index]!,
        role: position % 2 === 0 ? ('user' as const) : ('assistant' as const),
        content,
        status: 'complete' as const,
        createdAt: new Date(updatedAt(index).getTime() - (spec.messages.length - position) * 60_000),
      })),
    ),
  });
  return ids;
}

async function newUser() {
  const user = await service.createUser();
  return { user, client: clientFor(service, user) };
}

type Item = { id: string; match?: { messageId: string; snippet: string } | null };

/** Every page of a search, followed cursor by cursor. */
async function searchAll(
  client: ReturnType<typeof clientFor>,
  q: string,
  limit: number,
  filter = '',
): Promise<Item[]> {
  const items: Item[] = [];
  let cursor: string | null = null;
  do {
    const url = `/api/chats?q=${encodeURIComponent(q)}&limit=${limit}${filter}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const response = await client.get(url);
    expect(response.statusCode, response.body).toBe(200);
    const page = response.json<{ items: Item[]; nextCursor: string | null }>();
    expect(page.items.length).toBeLessThanOrEqual(limit);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

describe('search across many chats', () => {
  // 300 chats, newest first. Where each word is decides which phase finds it:
  // - "everywhere": in every chat — the newest chats alone fill every page;
  // - "scattered": in 4 chats, 3 of them older than the first window — found through the index;
  // - "burst": in chats 0–9 and 200–209 — dense enough among the newest to walk on, then the index;
  // - "headline": only in two titles, one of them old;
  // - "grüße köl…": two words (the last as a prefix) in one old message, not in English.
  const CHATS = 300;
  const scattered = new Set([3, 77, 150, 299]);
  const burst = new Set([
    ...Array.from({ length: 10 }, (_, i) => i),
    ...Array.from({ length: 10 }, (_, i) => 200 + i),
  ]);
  const headline = new Set([5, 260]);
  const specs: ChatSpec[] = Array.from({ length: CHATS }, (_, index) => ({
    title: headline.has(index) ? `Headline ${index}` : `Chat ${index}`,
    messages: [
      `everywhere filler ${index}`,
      scattered.has(index) ? 'a scattered remark' : 'nothing to see',
      burst.has(index) ? 'a burst of words' : 'quiet',
      ...(index === 280 ? ['Viele Grüße aus Köln'] : []),
    ],
  }));
  let ids: string[];
  let owner: Awaited<ReturnType<typeof newUser>>;
  let stranger: Awaited<ReturnType<typeof newUser>>;
  beforeAll(async () => {
    expect(CHATS).toBeGreaterThan(RECENT_WINDOW * 4);
    owner = await newUser();
    stranger = await newUser();
    ids = await writeChats(owner.user, specs);
    // Another user with the same words in every chat, interleaved in time with the owner's.
    await writeChats(
      stranger.user,
      specs.map(() => ({ title: 'Headline', messages: ['everywhere scattered burst'] })),
      5,
    );
  });

  const expected = (indexes: Iterable<number>) =>
    [...indexes].sort((a, b) => a - b).map((index) => ids[index]);

  it.each([
    ['everywhere', Array.from({ length: CHATS }, (_, index) => index)],
    ['scattered', scattered],
    ['burst', burst],
    ['headline', headline],
    ['grüße köl', new Set([280])],
  ] as const)('finds every chat with "%s", newest first, page after page', async (word, indexes) => {
    for (const limit of [7, 20]) {
      const items = await searchAll(owner.client, word, limit);
      expect(items.map((item) => item.id)).toEqual(expected(indexes));
    }
  });

  it("never shows another user's chats, whichever phase finds them", async () => {
    for (const word of ['everywhere', 'scattered', 'burst', 'headline']) {
      const theirs = await searchAll(stranger.client, word, 50);
      expect(theirs).toHaveLength(CHATS);
      expect(theirs.some((item) => ids.includes(item.id))).toBe(false);
    }
  });
});

describe('search within a folder or a tag (issue 17 part 7)', () => {
  // 300 chats as above; every 7th chat (and 150, 299) in one folder, every 5th (and 3) tagged
  // "work", one temporary chat matching every word. The filtered search must return exactly the
  // unfiltered search's chats that pass the filter, in the same order, through both phases.
  const CHATS = 300;
  const scattered = new Set([3, 77, 150, 299]);
  const inFolder = new Set([...Array.from({ length: 43 }, (_, i) => i * 7), 150, 299]);
  const tagged = new Set([...Array.from({ length: 60 }, (_, i) => i * 5), 3]);
  const specs: ChatSpec[] = Array.from({ length: CHATS }, (_, index) => ({
    title: `Chat ${index}`,
    messages: [`everywhere ${index}`, scattered.has(index) ? 'a scattered remark' : 'quiet'],
  }));
  let ids: string[];
  let owner: Awaited<ReturnType<typeof newUser>>;
  let folderId: string;
  beforeAll(async () => {
    owner = await newUser();
    ids = await writeChats(owner.user, specs);
    const folder = await owner.client.post('/api/folders', { name: 'Projects' });
    folderId = folder.json<{ id: string }>().id;
    await service.prisma.chat.updateMany({
      where: { id: { in: [...inFolder].map((index) => ids[index]!) } },
      data: { folderId },
    });
    await service.prisma.chat.updateMany({
      where: { id: { in: [...tagged].map((index) => ids[index]!) } },
      data: { tags: ['work'] },
    });
    const temporary = await owner.client.createChat({ title: 'everywhere scattered', temporary: true });
    await owner.client.postMessage(temporary.id, 'everywhere scattered');
  });

  it.each(['everywhere', 'scattered'])(
    '"%s" by folder, by tag, by both and outside folders',
    async (word) => {
      const all = (await searchAll(owner.client, word, 50)).map((item) => item.id);
      expect(all).toHaveLength(word === 'everywhere' ? CHATS : scattered.size);
      const keep = (passes: (index: number) => boolean) => all.filter((id) => passes(ids.indexOf(id)));
      for (const limit of [7, 20]) {
        const search = async (filter: string) =>
          (await searchAll(owner.client, word, limit, filter)).map((item) => item.id);
        expect(await search(`&folderId=${folderId}`)).toEqual(keep((index) => inFolder.has(index)));
        expect(await search('&tag=Work')).toEqual(keep((index) => tagged.has(index)));
        expect(await search(`&folderId=${folderId}&tag=work`)).toEqual(
          keep((index) => inFolder.has(index) && tagged.has(index)),
        );
        expect(await search('&folderId=none')).toEqual(keep((index) => !inFolder.has(index)));
      }
    },
  );

  it("answers 404 for another user's folder", async () => {
    const stranger = await newUser();
    const response = await stranger.client.get(`/api/chats?q=everywhere&folderId=${folderId}`);
    expect(response.statusCode).toBe(404);
  });
});

describe('what a search result says about the match', () => {
  it('names the newest matching message with a snippet around the word, or null for a title match', async () => {
    const { user, client } = await newUser();
    const [byMessage, byTitle] = await writeChats(user, [
      {
        title: 'Birds',
        messages: [
          'The first pelican I saw was in Lisbon.',
          'Here is a long answer that wanders about harbours, boats, gulls and the weather before it ' +
            'finally mentions a second pelican sighting near the harbour wall, and then goes on about ' +
            'fishing nets for quite a while longer than anybody would want to read in a result list.',
          'Nothing about birds here.',
        ],
      },
      { title: 'Pelican notes', messages: ['Unrelated text'] },
    ]);
    const messages = await service.prisma.message.findMany({
      where: { chatId: byMessage },
      orderBy: { createdAt: 'asc' },
    });

    const page = (await client.get('/api/chats?q=pelic')).json();
    expect(page.items.map((item: Item) => item.id)).toEqual([byMessage, byTitle]);
    const [first, second] = page.items as Item[];
    expect(first!.match!.messageId).toBe(messages[1]!.id);
    expect(first!.match!.snippet).toContain('second pelican sighting');
    // An excerpt, not the whole message.
    expect(first!.match!.snippet.length).toBeLessThan(messages[1]!.content.length);
    expect(second!.match).toBeNull();

    // The list without a search has no match field.
    const list = (await client.get('/api/chats')).json();
    expect(list.items[0]).not.toHaveProperty('match');
  });

  it('matches words in any language as written, without stemming or stop words', async () => {
    const { user, client } = await newUser();
    const [russian, german, french, japanese, english] = await writeChats(user, [
      { messages: ['Привет, как дела?'] },
      { messages: ['Die Straße ist nass.'] },
      { messages: ["L'ÉCOLE est fermée aujourd'hui."] },
      { messages: ['東京タワー に行きました'] },
      { messages: ['The running shoes are by the door.'] },
    ]);
    const ids = async (q: string) =>
      (await client.get(`/api/chats?q=${encodeURIComponent(q)}`)).json().items.map((item: Item) => item.id);
    expect(await ids('привет')).toEqual([russian]);
    expect(await ids('ПРИВ')).toEqual([russian]);
    expect(await ids('straße')).toEqual([german]);
    expect(await ids('école fermée')).toEqual([french]);
    expect(await ids('東京タワー')).toEqual([japanese]);
    // 'simple': "runs" is not "running" (an English stemmer would make both "run")…
    expect(await ids('runs')).toEqual([]);
    expect(await ids('run')).toEqual([english]);
    // …and "the" is a word like any other (an English configuration would drop it).
    expect(await ids('the door')).toEqual([english]);
  });
});
