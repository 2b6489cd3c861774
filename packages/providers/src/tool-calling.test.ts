import { startFakeLlm, type FakeLlm } from '@vivier/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnthropicProvider } from './anthropic-provider';
import { createGoogleProvider } from './google-provider';
import { createOpenAICompatibleProvider } from './openai-compatible-provider';
import { createOpenAIProvider } from './openai-provider';
import { collectStream } from './testing/collect-stream';
import { FAST_RETRIES } from './testing/provider-contract';
import type { AIProvider, ChatMessage, ToolCallEvent, ToolDefinition } from './types';

const ADD_TOOL: ToolDefinition = {
  name: 'add',
  description: 'Adds two numbers.',
  parameters: {
    type: 'object',
    properties: { a: { type: 'number' }, b: { type: 'number' } },
    required: ['a', 'b'],
  },
};
const PROMPT = 'What is 2 + 3? [[tool:add {"a":2,"b":3}]]';

let fake: FakeLlm;
beforeAll(async () => {
  fake = await startFakeLlm({ tokenDelayMs: 0 });
});
afterAll(async () => {
  await fake.close();
});

const providers: Array<{ name: string; model: string; create: () => AIProvider; wire: RegExp }> = [
  {
    name: 'openai',
    model: 'gpt-4o-mini',
    create: () => createOpenAIProvider({ apiKey: 'sk-test', baseUrl: fake.openaiBaseUrl, ...FAST_RETRIES }),
    wire: /"tool_call_id":"call_fake_\d+"/,
  },
  {
    name: 'openai-compatible',
    model: 'fake',
    create: () => createOpenAICompatibleProvider({ baseUrl: fake.openaiBaseUrl, ...FAST_RETRIES }),
    wire: /"role":"tool"/,
  },
  {
    name: 'anthropic',
    model: 'claude-haiku-4-5',
    create: () => createAnthropicProvider({ apiKey: 'sk-ant-test', baseUrl: fake.url, ...FAST_RETRIES }),
    wire: /"type":"tool_result","tool_use_id":"call_fake_\d+"/,
  },
  {
    name: 'google',
    model: 'gemini-2.5-flash',
    create: () => createGoogleProvider({ apiKey: 'g-test', baseUrl: fake.url, ...FAST_RETRIES }),
    wire: /"functionResponse":\{"id":"call_fake_\d+","name":"add"/,
  },
];

describe.each(providers)('tool calling through $name', ({ model, create, wire }) => {
  it('turns the streamed call into one whole tool_call event and stops for the result', async () => {
    const first = await collectStream(
      create().stream({ model, messages: [{ role: 'user', content: PROMPT }], tools: [ADD_TOOL] }),
    );
    expect(first.error).toBeUndefined();
    const calls = first.events.filter((event): event is ToolCallEvent => event.type === 'tool_call');
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ name: 'add', arguments: { a: 2, b: 3 } });
    expect(calls[0]?.callId).toMatch(/^call_fake_\d+$/);
    expect(first.usage?.finishReason).toBe('tool_calls');
    expect(first.usage?.outputTokens).toBeGreaterThan(0);
  });

  it('sends the call and its result back in the vendor format, and the model answers with it', async () => {
    const first = await collectStream(
      create().stream({ model, messages: [{ role: 'user', content: PROMPT }], tools: [ADD_TOOL] }),
    );
    const call = first.events.find((event): event is ToolCallEvent => event.type === 'tool_call');
    if (!call) throw new Error('no tool call');
    const history: ChatMessage[] = [
      { role: 'user', content: PROMPT },
      {
        role: 'assistant',
        content: [{ type: 'tool_call', callId: call.callId, name: call.name, arguments: call.arguments }],
      },
      {
        role: 'tool',
        content: [{ type: 'tool_result', callId: call.callId, name: 'add', content: '5', isError: false }],
      },
    ];
    fake.reset();
    const second = await collectStream(create().stream({ model, messages: history, tools: [ADD_TOOL] }));
    expect(second.error).toBeUndefined();
    expect(second.text).toBe('The tool add answered: 5');
    expect(second.usage?.finishReason).toBe('stop');
    expect(JSON.stringify(fake.requests[0]?.body)).toMatch(wire);
  });

  it('answers in text when the tool is not offered', async () => {
    const result = await collectStream(
      create().stream({ model, messages: [{ role: 'user', content: PROMPT }] }),
    );
    expect(result.events.some((event) => event.type === 'tool_call')).toBe(false);
    expect(result.text.length).toBeGreaterThan(0);
  });
});

describe.each(providers)('tool choice "none" through $name', ({ model, create }) => {
  it('keeps the tools declared but makes the model answer in text', async () => {
    const result = await collectStream(
      create().stream({
        model,
        messages: [{ role: 'user', content: PROMPT }],
        tools: [ADD_TOOL],
        toolChoice: 'none',
      }),
    );
    expect(result.events.some((event) => event.type === 'tool_call')).toBe(false);
    expect(result.text.length).toBeGreaterThan(0);
  });
});
