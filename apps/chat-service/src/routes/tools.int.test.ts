import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToolApprovals } from '@vivier/bus';
import { DEMO_MCP_SERVER_ID, newId } from '@vivier/contracts';
import { startTestMcpServer, type TestMcpServer } from '@vivier/testkit/tool-servers';
import { clientFor, startTestChatService, type TestChatService } from '../test-support';

let service: TestChatService;
let demo: TestMcpServer;
let mcpServerId: string;

beforeAll(async () => {
  demo = await startTestMcpServer();
  service = await startTestChatService({ DEMO_MCP_URL: demo.url });
  mcpServerId = newId('mcpServer');
  await service.prisma.mcpServer.create({
    data: {
      id: mcpServerId,
      label: 'Registered tools',
      transport: 'http',
      url: 'https://tools.example.com/mcp',
      tools: [{ name: 'lookup', description: 'Looks things up.', inputSchema: { type: 'object' } }],
    },
  });
});
afterAll(async () => {
  await service.prisma.mcpServer.deleteMany({ where: { id: mcpServerId } });
  await service.close();
  await demo.close();
});

describe('GET /api/tools', () => {
  it('lists the demo server (its tools asked live), the registered servers and whether web search is set up', async () => {
    const user = await service.createUser();
    const response = await clientFor(service, user).get('/api/tools');
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body.mcpServers[0]).toMatchObject({
      id: DEMO_MCP_SERVER_ID,
      isDemo: true,
      label: 'Demo tools (Offline demo)',
    });
    expect(body.mcpServers[0].tools.map((tool: { name: string }) => tool.name)).toContain('get_weather');
    expect(body.mcpServers).toContainEqual({
      id: mcpServerId,
      label: 'Registered tools',
      isDemo: false,
      tools: [{ name: 'lookup', description: 'Looks things up.' }],
    });
    expect(typeof body.webSearch).toBe('boolean');
  });

  it('leaves out disabled servers', async () => {
    const id = newId('mcpServer');
    await service.prisma.mcpServer.create({
      data: { id, label: 'Off', transport: 'http', url: 'https://off.example.com/mcp', enabled: false },
    });
    const user = await service.createUser();
    const body = (await clientFor(service, user).get('/api/tools')).json();
    expect(body.mcpServers.map((server: { id: string }) => server.id)).not.toContain(id);
    await service.prisma.mcpServer.delete({ where: { id } });
  });
});

describe('POST /api/generations/:id/tool-approval', () => {
  it('passes the owner’s answer to the waiting call once; 404 for others’ generations, 409 for calls not waiting', async () => {
    const owner = await service.createUser();
    const client = clientFor(service, owner);
    const chat = await client.createChat({
      settings: { tools: { mcpServerIds: [DEMO_MCP_SERVER_ID], requireApproval: true } },
    });
    expect(chat.settings.tools).toEqual({
      mcpServerIds: [DEMO_MCP_SERVER_ID],
      webSearch: false,
      requireApproval: true,
    });
    const sent = await client.postMessage(chat.id, 'hello');
    const approvals = createToolApprovals({ redis: service.deps.redis, prefix: service.env.REDIS_PREFIX });
    // Plays the worker: a call waits for the answer.
    const waiting = approvals.wait(sent.generationId, 'call_1', {
      timeoutMs: 5_000,
      signal: new AbortController().signal,
    });
    const url = `/api/generations/${sent.generationId}/tool-approval`;

    const stranger = clientFor(service, await service.createUser());
    const refused = await stranger.post(url, { callId: 'call_1', approved: true });
    expect(refused.statusCode).toBe(404);
    expect(refused.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
    const unknownGeneration = await client.post('/api/generations/gen_00000000000000000000/tool-approval', {
      callId: 'call_1',
      approved: true,
    });
    expect(unknownGeneration.statusCode).toBe(404);
    expect((await client.post(url, { callId: 'call_unknown', approved: true })).statusCode).toBe(409);
    expect((await client.post(url, { callId: 'call_1', approved: 'yes' })).statusCode).toBe(400);

    await expect.poll(() => approvals.isPending(sent.generationId, 'call_1')).toBe(true);
    const answered = await client.post(url, { callId: 'call_1', approved: false });
    expect(answered.statusCode, answered.body).toBe(204);
    expect(await waiting).toBe('denied');
    const again = await client.post(url, { callId: 'call_1', approved: true });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('CONFLICT');
  });
});
