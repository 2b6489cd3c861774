import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '@vivier/contracts';
import { startTestBillingService, type TestBillingService } from '../test-support';

let service: TestBillingService;

beforeAll(async () => {
  service = await startTestBillingService();
});
afterAll(async () => {
  await service.close();
});

async function spend(
  userId: string,
  entry: { at: string; model: string; provider?: string; input: number; output: number; cost: bigint },
) {
  await service.prisma.usageEntry.create({
    data: {
      id: `use_${newId('generation').slice(4)}`,
      userId,
      generationId: newId('generation'),
      chatId: newId('chat'),
      provider: entry.provider ?? 'openai',
      model: entry.model,
      inputTokens: entry.input,
      outputTokens: entry.output,
      costMicros: entry.cost,
      createdAt: new Date(entry.at),
    },
  });
}

const usage = (token: string, query = '') => service.request('GET', `/api/billing/usage${query}`, { token });

describe('GET /api/billing/usage', () => {
  it('sums by UTC day, provider and model over the requested days, only for the caller', async () => {
    const user = await service.createUser();
    const other = await service.createUser();
    await spend(user.id, {
      at: '2026-03-01T00:00:00Z',
      model: 'gpt-a',
      input: 100,
      output: 10,
      cost: 1_000n,
    });
    await spend(user.id, {
      at: '2026-03-01T23:59:59.999Z',
      model: 'gpt-a',
      input: 50,
      output: 5,
      cost: 2_500n,
    });
    await spend(user.id, {
      at: '2026-03-01T12:00:00Z',
      model: 'claude-b',
      provider: 'anthropic',
      input: 7,
      output: 3,
      cost: 9_999_999_999n,
    });
    await spend(user.id, { at: '2026-03-02T08:00:00Z', model: 'gpt-a', input: 1, output: 1, cost: 1n });
    await spend(user.id, {
      at: '2026-03-03T00:00:00Z',
      model: 'gpt-a',
      input: 1000,
      output: 1000,
      cost: 1_000_000n,
    }); // after `to`
    await spend(user.id, {
      at: '2026-02-28T23:59:59Z',
      model: 'gpt-a',
      input: 1000,
      output: 1000,
      cost: 1_000_000n,
    }); // before `from`
    await spend(other.id, {
      at: '2026-03-01T10:00:00Z',
      model: 'gpt-a',
      input: 5_000,
      output: 5_000,
      cost: 5_000_000n,
    });

    const response = await usage(user.token, '?from=2026-03-01&to=2026-03-02');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      from: '2026-03-01T00:00:00.000Z',
      to: '2026-03-03T00:00:00.000Z',
      items: [
        {
          day: '2026-03-01',
          provider: 'anthropic',
          model: 'claude-b',
          inputTokens: 7,
          outputTokens: 3,
          costMicros: 9_999_999_999,
        },
        {
          day: '2026-03-01',
          provider: 'openai',
          model: 'gpt-a',
          inputTokens: 150,
          outputTokens: 15,
          costMicros: 3_500,
        },
        {
          day: '2026-03-02',
          provider: 'openai',
          model: 'gpt-a',
          inputTokens: 1,
          outputTokens: 1,
          costMicros: 1,
        },
      ],
      totals: { inputTokens: 158, outputTokens: 19, costMicros: 10_000_003_500 },
    });

    const otherView = (await usage(other.token, '?from=2026-03-01&to=2026-03-02')).json();
    expect(otherView.items).toEqual([
      {
        day: '2026-03-01',
        provider: 'openai',
        model: 'gpt-a',
        inputTokens: 5_000,
        outputTokens: 5_000,
        costMicros: 5_000_000,
      },
    ]);
  });

  it('defaults to the current period', async () => {
    const user = await service.createUser();
    const now = new Date();
    await spend(user.id, { at: now.toISOString(), model: 'gpt-now', input: 2, output: 3, cost: 42n });
    const body = (await usage(user.token)).json();
    expect(body.from).toBe(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)).toISOString());
    expect(body.to).toBe(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)).toISOString());
    expect(body.items).toEqual([
      {
        day: now.toISOString().slice(0, 10),
        provider: 'openai',
        model: 'gpt-now',
        inputTokens: 2,
        outputTokens: 3,
        costMicros: 42,
      },
    ]);
    expect(body.totals).toEqual({ inputTokens: 2, outputTokens: 3, costMicros: 42 });
  });

  it('refuses malformed dates, reversed ranges and ranges over 366 days with 400', async () => {
    const user = await service.createUser();
    for (const query of [
      '?from=yesterday',
      '?from=2026-13-01',
      '?from=2026-03-02&to=2026-03-01',
      '?from=2025-01-01&to=2026-01-02',
    ]) {
      const response = await usage(user.token, query);
      expect(response.statusCode, query).toBe(400);
      expect(response.json().error.code).toBe('VALIDATION_FAILED');
    }
    expect((await usage(user.token, '?from=2025-01-01&to=2025-12-31')).statusCode).toBe(200);
  });

  it('needs an access token', async () => {
    expect((await service.request('GET', '/api/billing/usage')).statusCode).toBe(401);
  });
});
