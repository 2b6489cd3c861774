import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId, PROMPTS_MAX_PER_USER } from '@vivier/contracts';
import { clientFor, startTestChatService, type TestChatService } from '../test-support';

let service: TestChatService;
beforeAll(async () => {
  service = await startTestChatService();
});
afterAll(async () => {
  await service.close();
});

const body = {
  title: 'Translate',
  command: 'translate',
  content: 'Translate into {{language}}:\n\n{{text}}',
};

async function user() {
  const account = await service.createUser();
  return { account, client: clientFor(service, account) };
}

describe('prompts CRUD', () => {
  it('creates, lists (by command), updates and deletes a prompt, stored exactly as sent', async () => {
    const { client } = await user();
    const created = await client.post('/api/prompts', body);
    expect(created.statusCode, created.body).toBe(201);
    const prompt = created.json();
    expect(prompt).toMatchObject(body);
    expect(prompt.id).toMatch(/^pmt_/);
    const other = (await client.post('/api/prompts', { ...body, command: 'summary', title: 'Sum' })).json();

    const listed = (await client.get('/api/prompts')).json().items;
    expect(listed.map((item: { command: string }) => item.command)).toEqual(['summary', 'translate']);

    const updated = await client.patch(`/api/prompts/${prompt.id}`, { content: ' Just {{text}} ' });
    expect(updated.statusCode).toBe(200);
    expect(updated.json()).toMatchObject({ command: 'translate', content: ' Just {{text}} ' });

    expect((await client.delete(`/api/prompts/${other.id}`)).statusCode).toBe(204);
    expect((await client.get('/api/prompts')).json().items).toHaveLength(1);
  });

  it("answers 404 for another user's prompt and leaves it untouched", async () => {
    const owner = await user();
    const other = await user();
    const prompt = (await owner.client.post('/api/prompts', body)).json();
    expect((await other.client.get('/api/prompts')).json().items).toEqual([]);
    const patched = await other.client.patch(`/api/prompts/${prompt.id}`, { title: 'Mine' });
    expect(patched.statusCode).toBe(404);
    expect(patched.json().error.code).toBe('NOT_FOUND');
    expect((await other.client.delete(`/api/prompts/${prompt.id}`)).statusCode).toBe(404);
    expect((await other.client.delete('/api/prompts/nope')).statusCode).toBe(404);
    expect((await service.prisma.prompt.findUniqueOrThrow({ where: { id: prompt.id } })).title).toBe(
      'Translate',
    );
  });

  it('keeps commands unique per user (409), but two users may use the same one', async () => {
    const first = await user();
    const second = await user();
    expect((await first.client.post('/api/prompts', body)).statusCode).toBe(201);
    const duplicate = await first.client.post('/api/prompts', { ...body, title: 'Again' });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().error).toMatchObject({ code: 'CONFLICT', details: [{ path: 'command' }] });
    expect((await second.client.post('/api/prompts', body)).statusCode).toBe(201);

    const renamed = (await first.client.post('/api/prompts', { ...body, command: 'other' })).json();
    const clash = await first.client.patch(`/api/prompts/${renamed.id}`, { command: 'translate' });
    expect(clash.statusCode).toBe(409);
  });

  it('refuses bad input with 400: bad commands, empty or oversized content, NUL', async () => {
    const { client } = await user();
    for (const bad of [
      { ...body, command: 'Has Space' },
      { ...body, command: '/translate' },
      { ...body, command: 'x'.repeat(41) },
      { ...body, content: '' },
      { ...body, content: 'x'.repeat(20_001) },
      { ...body, title: 'a\u0000b' },
      { ...body, title: ' ' },
    ]) {
      const response = await client.post('/api/prompts', bad);
      expect(response.statusCode, JSON.stringify(bad).slice(0, 80)).toBe(400);
      expect(response.json().error.code).toBe('VALIDATION_FAILED');
    }
  });

  it(`keeps at most ${PROMPTS_MAX_PER_USER} prompts per user (409 past it)`, async () => {
    const { account, client } = await user();
    await service.prisma.prompt.createMany({
      data: Array.from({ length: PROMPTS_MAX_PER_USER }, (_, index) => ({
        id: newId('prompt'),
        userId: account.id,
        title: `Prompt ${index}`,
        command: `p${index}`,
        content: 'x',
      })),
    });
    const refused = await client.post('/api/prompts', body);
    expect(refused.statusCode).toBe(409);
  });
});
