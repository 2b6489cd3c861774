import { fakeReply, startFakeLlm, type FakeLlm } from '@vivier/testkit';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isProviderError, type ProviderError } from '../errors';
import type { AIProvider, ChatRequest, ProviderOptions } from '../types';
import { collectStream } from './collect-stream';

export interface ContractSetup {
  /** Builds the provider under test pointed at the fake. */
  create(fake: FakeLlm, options?: Partial<ProviderOptions>): AIProvider;
  model: string;
}

/** Retries fast in tests; Retry-After from the fake (1 s) still applies where a test uses it. */
export const FAST_RETRIES: Partial<ProviderOptions> = { maxRetries: 2, retryBaseDelayMs: 10 };

export function userRequest(model: string, prompt: string): ChatRequest {
  return { model, messages: [{ role: 'user', content: prompt }] };
}

function expectProviderError(error: unknown, code: ProviderError['code']): void {
  expect(isProviderError(error), `expected a ProviderError, got ${String(error)}`).toBe(true);
  expect((error as ProviderError).code).toBe(code);
}

/**
 * The behaviour every AIProvider must show against the fake LLM over real HTTP, through its real
 * SDK: the same answer the fake computes, usage, and each fault mapped to its code.
 */
export function describeProviderContract(name: string, setup: ContractSetup) {
  describe(`${name} provider contract (real SDK against the fake LLM)`, () => {
    let fake: FakeLlm;
    let provider: AIProvider;
    const attemptsFor = (prompt: string) =>
      fake.requests.filter((request) => request.lastUserText === prompt).length;

    beforeAll(async () => {
      fake = await startFakeLlm({ tokenDelayMs: 1 });
    });
    afterAll(async () => {
      await fake.close();
    });
    beforeEach(() => {
      provider = setup.create(fake, FAST_RETRIES);
    });

    it('streams the deterministic reply, then usage', async () => {
      const prompt = `Tell me about rivers (${name})`;
      const result = await collectStream(provider.stream(userRequest(setup.model, prompt)));
      expect(result.error).toBeUndefined();
      expect(result.text).toBe(fakeReply(prompt));
      expect(result.events.filter((event) => event.type === 'text').length).toBeGreaterThan(1);
      expect(result.events.at(-1)).toEqual({
        type: 'usage',
        inputTokens: fake.requests.at(-1)?.inputTokens,
        outputTokens: 40,
        finishReason: 'stop',
        model: setup.model,
      });
    });

    it('answers without streaming', async () => {
      const prompt = `A short one please [[words:7]] (${name})`;
      const result = await provider.complete(userRequest(setup.model, prompt));
      expect(result.text).toBe(fakeReply(prompt));
      expect(result.usage.outputTokens).toBe(7);
      expect(result.usage.inputTokens).toBeGreaterThan(0);
      expect(result.finishReason).toBe('stop');
    });

    it('reports a max-tokens cut as finish reason "length"', async () => {
      const result = await collectStream(
        provider.stream({ ...userRequest(setup.model, `cut me (${name})`), maxTokens: 5 }),
      );
      expect(result.usage).toMatchObject({ outputTokens: 5, finishReason: 'length' });
    });

    it('maps 401 and a rejected key to PROVIDER_AUTH without retrying', async () => {
      const prompt = `[[fault:401]] who am I (${name})`;
      const result = await collectStream(provider.stream(userRequest(setup.model, prompt)));
      expectProviderError(result.error, 'PROVIDER_AUTH');
      expect(attemptsFor(prompt)).toBe(1);

      const badKey = setup.create(fake, { ...FAST_RETRIES, apiKey: 'bad-key' });
      const rejected = await collectStream(badKey.stream(userRequest(setup.model, `bad key (${name})`)));
      expectProviderError(rejected.error, 'PROVIDER_AUTH');
      expect(await badKey.validateApiKey()).toBe(false);
      expect(await provider.validateApiKey()).toBe(true);
    });

    it('retries a 429 after its Retry-After and then succeeds', async () => {
      const prompt = `[[fault:429-once]] patience (${name})`;
      const startedAt = Date.now();
      const result = await collectStream(provider.stream(userRequest(setup.model, prompt)));
      expect(result.error).toBeUndefined();
      expect(result.text).toBe(fakeReply(prompt));
      expect(attemptsFor(prompt)).toBe(2);
      expect(Date.now() - startedAt).toBeGreaterThanOrEqual(950);
    });

    it('maps a persistent 429 to PROVIDER_RATE_LIMITED with its Retry-After', async () => {
      const noRetries = setup.create(fake, { maxRetries: 0 });
      const result = await collectStream(
        noRetries.stream(userRequest(setup.model, `[[fault:429]] (${name})`)),
      );
      expectProviderError(result.error, 'PROVIDER_RATE_LIMITED');
      expect((result.error as ProviderError).retryAfterMs).toBe(1000);
    });

    it('retries a 500 and gives up with PROVIDER_UNAVAILABLE', async () => {
      const prompt = `[[fault:500]] broken (${name})`;
      const result = await collectStream(provider.stream(userRequest(setup.model, prompt)));
      expectProviderError(result.error, 'PROVIDER_UNAVAILABLE');
      expect(attemptsFor(prompt)).toBe(3);
      expect(result.text).toBe('');

      const once = `[[fault:500-once]] flaky (${name})`;
      expect((await provider.complete(userRequest(setup.model, once))).text).toBe(fakeReply(once));
      expect(attemptsFor(once)).toBe(2);
    });

    it('keeps partial text and raises PROVIDER_UNAVAILABLE when the connection drops mid-stream', async () => {
      const prompt = `[[fault:drop]] fragile (${name})`;
      const result = await collectStream(provider.stream(userRequest(setup.model, prompt)));
      expectProviderError(result.error, 'PROVIDER_UNAVAILABLE');
      expect(result.text.length).toBeGreaterThan(0);
      expect(fakeReply(prompt).startsWith(result.text)).toBe(true);
      expect(result.usage).toBeUndefined();
      // Output had started: a retry would repeat it, so there is none.
      expect(attemptsFor(prompt)).toBe(1);
    });

    it('stops a hanging request as soon as the signal aborts', async () => {
      const controller = new AbortController();
      const startedAt = Date.now();
      setTimeout(() => controller.abort(), 150);
      const result = await collectStream(
        provider.stream(userRequest(setup.model, `[[fault:hang]] (${name})`), { signal: controller.signal }),
      );
      expect(Date.now() - startedAt).toBeLessThan(1_000);
      expect(isProviderError(result.error)).toBe(false);
      expect((result.error as Error).name).toBe('AbortError');
    });

    it('stops mid-stream when aborted, without an error code', async () => {
      const controller = new AbortController();
      const events: string[] = [];
      let caught: unknown;
      try {
        for await (const event of provider.stream(
          userRequest(setup.model, `[[delay:20]] [[words:200]] (${name})`),
          {
            signal: controller.signal,
          },
        )) {
          if (event.type === 'text') events.push(event.text);
          if (events.length === 3) controller.abort();
        }
      } catch (error) {
        caught = error;
      }
      expect(events.length).toBeLessThan(10);
      expect(isProviderError(caught)).toBe(false);
    });

    it('prices usage in integer micro-dollars', () => {
      const cost = provider.calculateCost(setup.model, { inputTokens: 1_000, outputTokens: 1_000 });
      expect(Number.isInteger(cost)).toBe(true);
      expect(provider.calculateCost('no-such-model', { inputTokens: 10, outputTokens: 10 })).toBe(0);
    });
  });
}
