import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { collectionEndpoints } from './api-collection';
import { createApiClient } from './api-client';

const Item = z.object({ id: z.string(), name: z.string() });
const ItemList = z.object({ items: z.array(Item) });

/** A fake gateway over fetch: records each request and answers as the collection's routes do. */
function fakeCollection() {
  const calls: Array<{ method: string; path: string; body: unknown }> = [];
  const fetch = async (input: string | URL, init?: RequestInit) => {
    const url = new URL(String(input), 'http://app.test');
    const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined;
    calls.push({ method: init?.method ?? 'GET', path: url.pathname, body });
    if (init?.method === 'DELETE') return new Response(null, { status: 204 });
    const answer = init?.method === 'GET' ? { items: [{ id: 'a', name: 'One' }] } : { id: 'b', name: 'Two' };
    return new Response(JSON.stringify(answer), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
  };
  // An access token that does not expire soon, so no refresh is attempted.
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const client = createApiClient({ fetch: fetch as typeof globalThis.fetch });
  client.setAccessToken(`${encode({ alg: 'ES256' })}.${encode({ exp: Date.now() / 1000 + 900 })}.sig`);
  return { client, calls };
}

describe('collectionEndpoints', () => {
  it('lists the items, creates on the collection and acts on one item by its escaped id', async () => {
    const { client, calls } = fakeCollection();
    const things = collectionEndpoints<z.infer<typeof Item>, { name: string }, { name: string }>(
      client,
      '/api/things',
      { list: () => ItemList, item: () => Item },
      'PUT',
    );
    await expect(things.list()).resolves.toEqual([{ id: 'a', name: 'One' }]);
    await expect(things.create({ name: 'Two' })).resolves.toEqual({ id: 'b', name: 'Two' });
    await things.update('b/../c', { name: 'Three' });
    await things.remove('b');
    expect(calls).toEqual([
      { method: 'GET', path: '/api/things', body: undefined },
      { method: 'POST', path: '/api/things', body: { name: 'Two' } },
      { method: 'PUT', path: '/api/things/b%2F..%2Fc', body: { name: 'Three' } },
      { method: 'DELETE', path: '/api/things/b', body: undefined },
    ]);
  });

  it('updates with PATCH unless told otherwise', async () => {
    const { client, calls } = fakeCollection();
    const things = collectionEndpoints<z.infer<typeof Item>, { name: string }, { name: string }>(
      client,
      '/api/things',
      { list: () => ItemList, item: () => Item },
    );
    await things.update('b', { name: 'Three' });
    expect(calls.map((call) => call.method)).toEqual(['PATCH']);
  });
});
