import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clientFor,
  openSocket,
  startTestChatService,
  type TestChatService,
  type TestUser,
} from '../test-support';
import { upload } from './files-test-support';

/**
 * Another user's chat, message or generation answers exactly like one that does not exist, on
 * every route: 404 NOT_FOUND, and nothing changes.
 */
let service: TestChatService;
let owner: TestUser;
let stranger: TestUser;
const ids = { chat: '', userMessage: '', assistantMessage: '', generation: '', file: '' };

beforeAll(async () => {
  service = await startTestChatService();
  owner = await service.createUser();
  stranger = await service.createUser();
  const client = clientFor(service, owner);
  const chat = await client.createChat({ title: 'Private plans' });
  const posted = await client.postMessage(chat.id, 'my secret');
  const file = await upload(service, owner, [{ name: 'secret.txt', bytes: 'my secret file' }]);
  Object.assign(ids, {
    file: file.json().id,
    chat: chat.id,
    userMessage: posted.userMessage.id,
    assistantMessage: posted.assistantMessage.id,
    generation: posted.generationId,
  });
});
afterAll(async () => {
  await service.close();
});

type Target = 'chat' | 'userMessage' | 'assistantMessage' | 'generation' | 'file';
const routes: Array<{
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: (id: string) => string;
  target: Target;
  payload?: object;
}> = [
  { method: 'GET', path: (id) => `/api/chats/${id}`, target: 'chat' },
  { method: 'PATCH', path: (id) => `/api/chats/${id}`, target: 'chat', payload: { title: 'mine now' } },
  { method: 'DELETE', path: (id) => `/api/chats/${id}`, target: 'chat' },
  { method: 'GET', path: (id) => `/api/chats/${id}/messages`, target: 'chat' },
  { method: 'POST', path: (id) => `/api/chats/${id}/messages`, target: 'chat', payload: { content: 'hi' } },
  { method: 'GET', path: (id) => `/api/chats/${id}/export?format=json`, target: 'chat' },
  { method: 'GET', path: (id) => `/api/chats/${id}/export?format=markdown`, target: 'chat' },
  { method: 'POST', path: (id) => `/api/messages/${id}/regenerate`, target: 'userMessage' },
  { method: 'POST', path: (id) => `/api/messages/${id}/regenerate`, target: 'assistantMessage' },
  {
    method: 'PATCH',
    path: (id) => `/api/messages/${id}`,
    target: 'userMessage',
    payload: { content: 'edited' },
  },
  {
    method: 'PATCH',
    path: (id) => `/api/messages/${id}`,
    target: 'assistantMessage',
    payload: { content: 'edited' },
  },
  { method: 'POST', path: (id) => `/api/generations/${id}/cancel`, target: 'generation' },
  { method: 'GET', path: (id) => `/api/generations/${id}/stream`, target: 'generation' },
  { method: 'GET', path: (id) => `/api/files/${id}`, target: 'file' },
  { method: 'DELETE', path: (id) => `/api/files/${id}`, target: 'file' },
];

const unknownIds: Record<Target, string> = {
  chat: 'cht_00000000000000000000',
  userMessage: 'msg_00000000000000000000',
  assistantMessage: 'msg_00000000000000000001',
  generation: 'gen_00000000000000000000',
  file: 'fil_00000000000000000000',
};

const cases = routes.flatMap((route) =>
  (['another user’s', 'an unknown', 'a malformed'] as const).map((kind) => ({
    ...route,
    kind,
    name: `${route.method} ${route.path(':id')} (${route.target})`,
  })),
);

describe('privacy', () => {
  it.each(cases)('$name with $kind id → 404', async ({ method, path, target, payload, kind }) => {
    const id =
      kind === 'another user’s'
        ? ids[target]
        : kind === 'an unknown'
          ? unknownIds[target]
          : `${ids[target]}'--`;
    const response = await service.app.inject({
      method,
      url: path(id),
      headers: stranger.headers,
      ...(payload ? { payload } : {}),
    });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('NOT_FOUND');
  });

  it('left the owner’s chat exactly as it was', async () => {
    const client = clientFor(service, owner);
    expect((await client.get(`/api/chats/${ids.chat}`)).json().title).toBe('Private plans');
    const messages = (await client.get(`/api/chats/${ids.chat}/messages`)).json().items;
    expect(messages.map((message: { content: string }) => message.content)).toEqual(['my secret', '']);
    expect(await service.streams.isCancelRequested(ids.generation)).toBe(false);
    expect((await client.get(`/api/files/${ids.file}`)).body).toBe('my secret file');
    expect((await clientFor(service, stranger).get('/api/chats')).json().items).toEqual([]);
    expect((await clientFor(service, stranger).get('/api/chats?q=secret')).json().items).toEqual([]);
  });

  it('a WebSocket subscription to another user’s generation yields no delta frames', async () => {
    const baseUrl = await service.listen();
    const socket = await openSocket(baseUrl, stranger.headers);
    socket.send({ type: 'subscribe', generationId: ids.generation });
    await service.streams.append(ids.generation, { type: 'delta', text: 'the secret answer' });
    await socket.waitForFrames(1);
    // The owner does see it, which proves the frame was there to leak.
    const own = await openSocket(baseUrl, owner.headers);
    own.send({ type: 'subscribe', generationId: ids.generation });
    await own.waitForFrames(1);
    expect(own.frames[0]).toMatchObject({ type: 'delta', text: 'the secret answer' });
    expect(socket.frames).toEqual([
      {
        type: 'error',
        generationId: ids.generation,
        id: '0-0',
        code: 'NOT_FOUND',
        message: 'Generation not found',
      },
    ]);
    socket.close();
    own.close();
  });
});
