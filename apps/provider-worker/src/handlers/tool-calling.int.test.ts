import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToolApprovals } from '@vivier/bus';
import { newId, type ChatSettings, type StreamFrame } from '@vivier/contracts';
import { eventually, startFakeLlm, type FakeLlm } from '@vivier/testkit';
import {
  startSearxStandIn,
  startTestMcpServer,
  type SearxStandIn,
  type TestMcpServer,
} from '@vivier/testkit/tool-servers';
import {
  createChatServiceStandIn,
  startTestWorker,
  type ChatServiceStandIn,
  type TestWorker,
} from '../test-support';

let fake: FakeLlm;
let mcp: TestMcpServer;
let searx: SearxStandIn;
let chat: ChatServiceStandIn;
let worker: TestWorker;
let mcpServerId: string;

beforeAll(async () => {
  [fake, mcp, searx] = await Promise.all([
    startFakeLlm({ tokenDelayMs: 1 }),
    startTestMcpServer(),
    startSearxStandIn(),
  ]);
  chat = createChatServiceStandIn();
  mcpServerId = newId('mcpServer');
  await chat.prisma.mcpServer.create({
    data: { id: mcpServerId, label: 'Test tools', transport: 'http', url: mcp.url },
  });
  await chat.prisma.toolSettings.upsert({
    where: { id: 'default' },
    create: { id: 'default', webSearchUrl: searx.url },
    update: { webSearchUrl: searx.url },
  });
  worker = await startTestWorker({
    prefix: chat.prefix,
    fake,
    env: {
      // The test servers listen on 127.0.0.1, which the egress guard refuses by default.
      EGRESS_ALLOW_PRIVATE: 'true',
      TOOL_MAX_ROUNDS: '2',
      TOOL_CALL_TIMEOUT_MS: '1500',
      TOOL_APPROVAL_TIMEOUT_MS: '1000',
    },
  });
});
afterAll(async () => {
  await worker?.close();
  await chat?.prisma.mcpServer.deleteMany({ where: { id: mcpServerId } });
  await chat?.close();
  await Promise.all([fake?.close(), mcp?.close(), searx?.close()]);
});

const unique = (text: string) => `${text} ${randomBytes(4).toString('hex')}`;
const deltasOf = (frames: StreamFrame[]) =>
  frames.flatMap((frame) => (frame.type === 'delta' ? [frame.text] : [])).join('');
const ofType = <T extends StreamFrame['type']>(frames: StreamFrame[], type: T) =>
  frames.filter((frame): frame is Extract<StreamFrame, { type: T }> => frame.type === type);
const requestsFor = (prompt: string) => fake.requests.filter((request) => request.lastUserText === prompt);
const withTools = (tools: Partial<NonNullable<ChatSettings['tools']>> = {}): { settings: ChatSettings } => ({
  settings: { tools: { mcpServerIds: [mcpServerId], webSearch: false, requireApproval: false, ...tools } },
});

describe('the tool loop', () => {
  it('streams the call and its result, calls the model again with it, stores both and bills every round', async () => {
    const prompt = unique('What is 2 + 3? [[tool:add {"a":2,"b":3}]]');
    const sent = await chat.postMessage(prompt, withTools());
    const frames = await chat.waitForEnd(sent.generationId);

    expect(frames.map((frame) => frame.type).filter((type) => type !== 'delta')).toEqual([
      'tool_call',
      'tool_result',
      'done',
    ]);
    const [toolCall] = ofType(frames, 'tool_call');
    expect(toolCall).toMatchObject({ name: 'add', arguments: { a: 2, b: 3 } });
    expect(ofType(frames, 'tool_result')[0]).toMatchObject({
      callId: toolCall?.callId,
      content: '5',
      isError: false,
    });
    expect(deltasOf(frames)).toBe('The tool add answered: 5');
    expect(mcp.calls.at(-1)).toMatchObject({ name: 'add', arguments: { a: 2, b: 3 } });

    const rounds = requestsFor(prompt);
    expect(rounds).toHaveLength(2);
    const generation = await chat.loadGeneration(sent.generationId);
    const message = generation.assistantMessage;
    expect(message).toMatchObject({
      status: 'complete',
      content: 'The tool add answered: 5',
      finishReason: 'stop',
    });
    expect(message.toolCalls).toEqual([
      {
        callId: toolCall?.callId,
        name: 'add',
        arguments: { a: 2, b: 3 },
        content: '5',
        isError: false,
        offset: 0,
      },
    ]);
    expect(message.inputTokens).toBe(rounds.reduce((sum, round) => sum + (round.inputTokens ?? 0), 0));
    expect(message.outputTokens).toBe(rounds.reduce((sum, round) => sum + (round.outputTokens ?? 0), 0));
    expect(ofType(frames, 'done')[0]?.usage).toEqual({
      inputTokens: message.inputTokens,
      outputTokens: message.outputTokens,
    });
    expect(message.costMicros).toBeGreaterThan(0n);
  });

  it('sends the stored call and result back to the model on the next turn', async () => {
    const prompt = unique('Add these. [[tool:add {"a":20,"b":22}]]');
    const first = await chat.postMessage(prompt, withTools());
    await chat.waitForEnd(first.generationId);

    const followUp = unique('And what did you find?');
    const next = await chat.createExchange(first.chat, followUp, first.assistantMessageId);
    await chat.publishRequest(next);
    await chat.waitForEnd(next.generationId);
    const body = JSON.stringify(requestsFor(followUp)[0]?.body);
    expect(body).toMatch(
      /"tool_calls":\[\{"id":"call_fake_\d+","type":"function","function":\{"name":"add","arguments":"\{\\"a\\":20,\\"b\\":22\}"\}\}\]/,
    );
    expect(body).toMatch(/"role":"tool","tool_call_id":"call_fake_\d+","content":"42"/);
    expect(body).toContain('"content":"The tool add answered: 42"');
  });

  it('stops offering tools after the loop limit and lets the model answer', async () => {
    const prompt = unique('[[tool:add {"a":1,"b":1}]] [[tool:add {"a":2,"b":2}]] [[tool:add {"a":3,"b":3}]]');
    const sent = await chat.postMessage(prompt, withTools());
    const frames = await chat.waitForEnd(sent.generationId);

    expect(ofType(frames, 'tool_call')).toHaveLength(2);
    expect(frames.at(-1)?.type).toBe('done');
    const rounds = requestsFor(prompt);
    expect(rounds).toHaveLength(3);
    expect((rounds[2]?.body as { tool_choice?: string }).tool_choice).toBe('none');
    expect(deltasOf(frames)).toBe('The tool add answered: 2\nThe tool add answered: 4');
  });

  it('gives a slow tool an error result at its time limit and still answers', async () => {
    const prompt = unique('[[tool:slow {"ms":60000}]]');
    const sent = await chat.postMessage(prompt, withTools());
    const frames = await chat.waitForEnd(sent.generationId);

    const [result] = ofType(frames, 'tool_result');
    expect(result?.isError).toBe(true);
    expect(result?.content).toMatch(/timed out/i);
    expect(frames.at(-1)?.type).toBe('done');
  });

  it('stops the loop when the generation is cancelled during a tool call, billing the round that ran', async () => {
    const prompt = unique('[[tool:slow {"ms":60000}]]');
    const sent = await chat.postMessage(prompt, withTools());
    await eventually(async () => ofType(await chat.frames(sent.generationId), 'tool_call').length === 1);
    await chat.streams.requestCancel(sent.generationId);
    const frames = await chat.waitForEnd(sent.generationId, 5_000);

    expect(frames.at(-1)?.type).toBe('cancelled');
    expect(ofType(frames, 'tool_result')).toHaveLength(0);
    expect(requestsFor(prompt)).toHaveLength(1);
    const generation = await chat.loadGeneration(sent.generationId);
    expect(generation.status).toBe('cancelled');
    expect(generation.assistantMessage.outputTokens).toBe(requestsFor(prompt)[0]?.outputTokens);
  });

  it('offers no tools to a chat that did not turn them on', async () => {
    const prompt = unique('[[tool:add {"a":2,"b":3}]] no tools here');
    const sent = await chat.postMessage(prompt);
    const frames = await chat.waitForEnd(sent.generationId);
    expect(ofType(frames, 'tool_call')).toHaveLength(0);
    expect((requestsFor(prompt)[0]?.body as { tools?: unknown }).tools).toBeUndefined();
    expect(frames.at(-1)?.type).toBe('done');
  });
});

describe('confirmation before a tool runs', () => {
  const approvals = () => createToolApprovals({ redis: chat.redis, prefix: chat.prefix });

  async function pendingCall(generationId: string) {
    return eventually(async () => {
      const [call] = ofType(await chat.frames(generationId), 'tool_call');
      return call && (await approvals().isPending(generationId, call.callId)) ? call : undefined;
    });
  }

  it('shows the pending call and runs it once the user approves', async () => {
    const prompt = unique('[[tool:add {"a":4,"b":5}]]');
    const sent = await chat.postMessage(prompt, withTools({ requireApproval: true }));
    const call = await pendingCall(sent.generationId);
    expect(call.needsApproval).toBe(true);
    expect(ofType(await chat.frames(sent.generationId), 'tool_result')).toHaveLength(0);

    expect(await approvals().answer(sent.generationId, call.callId, true)).toBe(true);
    const frames = await chat.waitForEnd(sent.generationId);
    expect(ofType(frames, 'tool_result')[0]).toMatchObject({ content: '9', isError: false });
    expect(await approvals().answer(sent.generationId, call.callId, true)).toBe(false);
  });

  it('tells the model the user declined, without running the tool', async () => {
    const prompt = unique('[[tool:add {"a":6,"b":7}]]');
    const callsBefore = mcp.calls.length;
    const sent = await chat.postMessage(prompt, withTools({ requireApproval: true }));
    const call = await pendingCall(sent.generationId);
    await approvals().answer(sent.generationId, call.callId, false);
    const frames = await chat.waitForEnd(sent.generationId);
    expect(ofType(frames, 'tool_result')[0]).toMatchObject({
      content: 'The user declined to run this tool.',
      isError: true,
    });
    expect(mcp.calls.length).toBe(callsBefore);
    expect(frames.at(-1)?.type).toBe('done');
  });

  it('counts no answer within the time limit as a no', async () => {
    const prompt = unique('[[tool:add {"a":8,"b":9}]]');
    const sent = await chat.postMessage(prompt, withTools({ requireApproval: true }));
    const frames = await chat.waitForEnd(sent.generationId);
    expect(ofType(frames, 'tool_result')[0]?.content).toMatch(/did not confirm this tool call in time/);
    expect(frames.at(-1)?.type).toBe('done');
  });
});

describe('web search', () => {
  it('searches, emits numbered citation frames for the pages read and answers with the sources', async () => {
    const prompt = unique('Tell me about lanterns [[tool:web_search {"query":"lanterns"}]]');
    const sent = await chat.postMessage(prompt, withTools({ mcpServerIds: [], webSearch: true }));
    const frames = await chat.waitForEnd(sent.generationId);

    expect(searx.queries).toContain('lanterns');
    const citations = ofType(frames, 'citation');
    expect(citations.map((citation) => citation.index)).toEqual([1, 2, 3]);
    expect(citations[0]?.source).toMatchObject({ title: 'Result 1 about lanterns' });
    expect(citations[0]?.source.url).toMatch(/\/pages\/1\?q=lanterns$/);
    expect(citations[0]?.source.excerpt).toContain('Page 1 explains lanterns');
    const [result] = ofType(frames, 'tool_result');
    expect(result?.content).toMatch(/^\[1\] Result 1 about lanterns/);
    expect(deltasOf(frames)).toContain('The tool web_search answered: [1] Result 1 about lanterns');
    const stored = (await chat.loadGeneration(sent.generationId)).assistantMessage.toolCalls as Array<{
      citations?: unknown[];
    }>;
    expect(stored[0]?.citations).toHaveLength(3);
  });
});
