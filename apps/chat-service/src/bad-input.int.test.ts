import { afterAll, describe, expect, it } from 'vitest';
import { newId } from '@vivier/contracts';
import { registeredRoutes } from '@vivier/service-kit';
import {
  accessOf,
  assertRouteSurvivesBadInput,
  envelopeProblem,
  hostileAuthorizations,
  openAiErrorProblem,
  wellFormedRequest,
  type RouteShape,
} from '@vivier/testkit/bad-input';
import { clientFor, DEMO_MODEL, startTestChatService, type TestUser } from './test-support';
import { PNG_BYTES, upload } from './routes/files-test-support';

/**
 * Bad input, generated rather than hand-picked, against every route chat-service registers (the
 * list comes from the app itself, so a new route is covered the day it lands): property tests
 * from the routes' zod schemas, and the access matrix (bad tokens → 401, another user's ids → 404).
 */
const PROPERTY_RUNS = 40;
/** A shared chat's page: the unguessable token in the path is the permission (routes/shares.ts). */
const PUBLIC_ROUTES = new Set<string>(['GET /api/shares/:id/public']);

const service = await startTestChatService();
afterAll(() => service.close());

// The WebSocket upgrade cannot go through app.inject; websocket.test.ts covers its authentication.
const routes: RouteShape[] = registeredRoutes(service.app).filter(
  (route) => !('isWebSocket' in route && route.isWebSocket),
);
const apiRoutes = routes.filter((route) => route.url.startsWith('/api/'));
const isStream = (route: RouteShape) => route.url === '/api/generations/:id/stream';

/** A chat with one exchange and an uploaded file, owned by `user`: ids worth putting in paths. */
async function resourcesOf(user: TestUser) {
  const client = clientFor(service, user);
  const chat = (await client.createChat({ title: 'owned' })) as { id: string; title: string };
  const sent = (await client.postMessage(chat.id, 'hello')) as {
    userMessage: { id: string };
    assistantMessage: { id: string };
    generationId: string;
  };
  const uploaded = await upload(service, user, [{ name: 'pixel.png', type: 'image/png', bytes: PNG_BYTES }]);
  expect(uploaded.statusCode).toBe(201);
  const file = uploaded.json<{ id: string }>();
  const shared = await client.post(`/api/chats/${chat.id}/share`, {});
  expect(shared.statusCode).toBe(201);
  const share = shared.json<{ id: string }>();
  const preset = await client.post('/api/presets', { name: 'owned', ...DEMO_MODEL });
  expect(preset.statusCode).toBe(201);
  const prompt = await client.post('/api/prompts', { title: 'owned', command: 'owned', content: 'x' });
  expect(prompt.statusCode).toBe(201);
  const folder = await client.post('/api/folders', { name: 'owned' });
  expect(folder.statusCode).toBe(201);
  const knowledge = await client.post('/api/knowledge', { name: 'owned' });
  expect(knowledge.statusCode).toBe(201);
  const knowledgeId = knowledge.json<{ id: string }>().id;
  const document = await upload(service, user, [
    { name: 'notes.md', type: 'text/markdown', bytes: '# Notes' },
  ]);
  const documentId = document.json<{ id: string }>().id;
  expect((await client.post(`/api/knowledge/${knowledgeId}/files`, { fileId: documentId })).statusCode).toBe(
    202,
  );
  return {
    chat,
    params: {
      chats: chat.id,
      messages: sent.userMessage.id,
      generations: sent.generationId,
      files: file.id,
      shares: share.id,
      presets: preset.json<{ id: string }>().id,
      prompts: prompt.json<{ id: string }>().id,
      folders: folder.json<{ id: string }>().id,
      knowledge: knowledgeId,
      // The file in that base: `:fileId` of /api/knowledge/:id/files/:fileId.
      knowledgeFiles: documentId,
    } as Record<string, string>,
  };
}

/** `:id` of /api/<resource>/:id… is one of `params`; a route with a parameter it cannot name fails. */
function paramsFor(route: RouteShape, ids: Record<string, string>): Record<string, string> {
  const resource = route.url.split('/')[2] ?? '';
  const names = [...route.url.matchAll(/:([A-Za-z0-9_]+)/g)].map((match) => match[1]!);
  const id = ids[resource];
  if (names.length > 0 && id === undefined) throw new Error(`no owned id for ${route.method} ${route.url}`);
  return Object.fromEntries(names.map((name) => [name, name === 'fileId' ? ids.knowledgeFiles! : id!]));
}

describe('the route list comes from the app', () => {
  it('includes the routes of the public API', () => {
    const keys = routes.map((route) => `${route.method} ${route.url}`);
    expect(keys).toEqual(
      expect.arrayContaining(['POST /api/chats', 'POST /api/chats/:id/messages', 'GET /api/files/:id']),
    );
  });
});

// /ready answers 503 whenever a dependency is slow to answer (a loaded CI machine): that is its
// job, and no input changes it, so it is the one route outside the property.
const propertyRoutes = routes.filter((route) => route.url !== '/ready');

describe('property: generated input never gets a 5xx, and every 4xx is the envelope', () => {
  const answered = new Map<number, number>();
  for (const route of propertyRoutes) {
    it(`${route.method} ${route.url} (${PROPERTY_RUNS} runs)`, async () => {
      const user = await service.createUser();
      const { params } = await resourcesOf(user);
      const hints = {
        provider: [DEMO_MODEL.provider],
        // A /v1 completion with an offered model waits for an answer no worker gives here (its
        // happy path is in openai.int.test.ts): generated ones name a model nobody offers.
        model: [route.url.startsWith('/v1/') ? 'no-such-model' : DEMO_MODEL.model],
        parentId: [params.messages],
        fileIds: [[params.files]],
      };
      // A queued generation's stream stays open (no worker here); its own ids would never end.
      const ids = isStream(route) ? [] : Object.values(params);
      const statuses = await assertRouteSurvivesBadInput(service.app, route, {
        headers: user.headers,
        ids,
        hints,
        numRuns: PROPERTY_RUNS,
      });
      if (!route.url.startsWith('/api/')) return;
      for (const [status, count] of statuses) answered.set(status, (answered.get(status) ?? 0) + count);
    });
  }

  it('the generated requests reach the handlers, not only validation (a tenth of /api requests answered 2xx)', () => {
    const total = [...answered.values()].reduce((sum, count) => sum + count, 0);
    const succeeded = [...answered]
      .filter(([status]) => status < 300)
      .reduce((sum, [, count]) => sum + count, 0);
    expect(total).toBe(apiRoutes.length * PROPERTY_RUNS);
    expect(succeeded / total).toBeGreaterThan(0.1);
  });
});

describe('access matrix', () => {
  const userRoutes = apiRoutes.filter((route) => accessOf(route, PUBLIC_ROUTES) === 'user');

  it('every /api route but the shared page needs a signed-in user', () => {
    expect(
      apiRoutes
        .filter((route) => accessOf(route, PUBLIC_ROUTES) !== 'user')
        .map((route) => `${route.method} ${route.url}`),
    ).toEqual([...PUBLIC_ROUTES]);
  });

  it('the shared page answers without a token, and 404 for unknown and malformed links', async () => {
    const owner = await service.createUser();
    const { params } = await resourcesOf(owner);
    const open = await service.app.inject({ method: 'GET', url: `/api/shares/${params.shares}/public` });
    expect(open.statusCode).toBe(200);
    for (const id of ['A'.repeat(43), 'not-an-id', params.chats!]) {
      const response = await service.app.inject({ method: 'GET', url: `/api/shares/${id}/public` });
      expect(response.statusCode, id).toBe(404);
      expect(envelopeProblem(response)).toBeUndefined();
    }
  });

  it('a missing, expired, tampered, alg:none or foreign-key token gets 401 on every route', async () => {
    const owner = await service.createUser();
    const { params } = await resourcesOf(owner);
    const expired = await service.tokens.sign(owner.id, { expiresIn: new Date(Date.now() - 60_000) });
    const authorizations = await hostileAuthorizations(owner.token, expired);
    const failures: string[] = [];
    let cases = 0;
    for (const route of userRoutes) {
      for (const [name, authorization] of Object.entries(authorizations)) {
        const request = wellFormedRequest(route, {
          headers: authorization === undefined ? {} : { authorization },
          params: paramsFor(route, params),
        });
        const response = await service.app.inject(request);
        cases += 1;
        const code =
          response.statusCode === 401 ? response.json<{ error: { code: string } }>().error.code : '';
        if (response.statusCode !== 401 || code !== 'UNAUTHENTICATED' || envelopeProblem(response)) {
          failures.push(
            `${route.method} ${route.url} with ${name}: ${response.statusCode} ${response.body.slice(0, 200)}`,
          );
        }
      }
    }
    expect(failures).toEqual([]);
    expect(cases).toBe(userRoutes.length * Object.keys(authorizations).length);
    // Every route times every token, one after another: ~30 s on a busy 2-core machine.
  }, 90_000);

  it('the OpenAI-compatible /v1 routes need a signed-in user too: every bad token gets 401 in OpenAI’s shape', async () => {
    const v1Routes = routes.filter((route) => route.url.startsWith('/v1/') && !route.url.includes('*'));
    expect(v1Routes.map((route) => `${route.method} ${route.url}`).sort()).toEqual([
      'GET /v1/models',
      'POST /v1/chat/completions',
    ]);
    const owner = await service.createUser();
    const expired = await service.tokens.sign(owner.id, { expiresIn: new Date(Date.now() - 60_000) });
    const failures: string[] = [];
    for (const route of v1Routes) {
      expect(accessOf(route, PUBLIC_ROUTES)).toBe('user');
      for (const [name, authorization] of Object.entries(await hostileAuthorizations(owner.token, expired))) {
        const response = await service.app.inject(
          wellFormedRequest(route, {
            headers: authorization === undefined ? {} : { authorization },
            params: {},
            body: { model: DEMO_MODEL.model, messages: [{ role: 'user', content: 'hi' }] },
          }),
        );
        const code =
          response.statusCode === 401 ? response.json<{ error: { code: string } }>().error.code : '';
        if (response.statusCode !== 401 || code !== 'invalid_api_key' || openAiErrorProblem(response)) {
          failures.push(
            `${route.method} ${route.url} with ${name}: ${response.statusCode} ${response.body.slice(0, 200)}`,
          );
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it("another user's ids, unknown ids and malformed ids all get 404 on every id-taking route", async () => {
    const owner = await service.createUser();
    const intruder = await service.createUser();
    const { chat, params } = await resourcesOf(owner);
    const idRoutes = userRoutes.filter((route) => route.url.includes(':'));
    const unknown: Record<string, string> = {
      chats: newId('chat'),
      messages: newId('message'),
      generations: newId('generation'),
      files: newId('file'),
      shares: 'A'.repeat(43),
      presets: newId('preset'),
      prompts: newId('prompt'),
      folders: newId('folder'),
      knowledge: newId('knowledgeBase'),
      knowledgeFiles: newId('file'),
    };
    const failures: string[] = [];
    for (const route of idRoutes) {
      for (const [label, ids, caller] of [
        ["another user's id", params, intruder],
        ['an unknown id', unknown, owner],
        ['a malformed id', Object.fromEntries(Object.keys(params).map((key) => [key, 'not-an-id'])), owner],
      ] as const) {
        const response = await service.app.inject(
          wellFormedRequest(route, { headers: caller.headers, params: paramsFor(route, ids) }),
        );
        if (response.statusCode !== 404 || envelopeProblem(response)) {
          failures.push(
            `${route.method} ${route.url} with ${label}: ${response.statusCode} ${response.body.slice(0, 200)}`,
          );
        }
      }
    }
    expect(failures).toEqual([]);
    expect(idRoutes.length).toBeGreaterThanOrEqual(11);

    // Nothing the intruder sent changed the owner's chat, and the owner's own well-formed requests
    // to the same routes are not refused as missing (so the 404s above were about ownership).
    const owned = await service.app.inject({
      method: 'GET',
      url: `/api/chats/${chat.id}`,
      headers: owner.headers,
    });
    expect(owned.statusCode).toBe(200);
    expect(owned.json<{ title: string }>().title).toBe('owned');
    const ownerAnswers: string[] = [];
    // Deleting the chat takes its share link with it, so it goes last of all.
    const rank = (route: RouteShape) =>
      Number(route.method === 'DELETE') +
      Number(route.method === 'DELETE' && ['/api/chats/:id', '/api/knowledge/:id'].includes(route.url));
    const destructiveLast = [...idRoutes.filter((route) => !isStream(route))].sort(
      (a, b) => rank(a) - rank(b),
    );
    for (const route of destructiveLast) {
      const response = await service.app.inject(
        wellFormedRequest(route, {
          headers: owner.headers,
          params: paramsFor(route, params),
          // A generated upToMessageId names no message of the chat (rightly 404): name one that does.
          ...(route.url === '/api/chats/:id/share' ? { body: { upToMessageId: params.messages } } : {}),
          // A generated fileId names no upload of the owner's (rightly 404): re-add the one in the base.
          ...(route.url === '/api/knowledge/:id/files' && route.method === 'POST'
            ? { body: { fileId: params.knowledgeFiles } }
            : {}),
        }),
      );
      if (response.statusCode === 404 || response.statusCode >= 500) {
        ownerAnswers.push(
          `${route.method} ${route.url}: ${response.statusCode} ${response.body.slice(0, 200)}`,
        );
      }
    }
    expect(ownerAnswers).toEqual([]);
  });
});
