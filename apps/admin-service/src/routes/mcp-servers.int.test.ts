import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestMcpServer, type TestMcpServer } from '@vivier/testkit/tool-servers';
import { startTestAdminService, type TestAdminService } from '../test-support';

let service: TestAdminService;
let mcp: TestMcpServer;
let token: string;
let adminId: string;

beforeAll(async () => {
  mcp = await startTestMcpServer({ bearerToken: 'mcp-secret-token' });
  // The test MCP server listens on 127.0.0.1, which the egress guard refuses unless allowed.
  service = await startTestAdminService({ env: { EGRESS_ALLOW_PRIVATE: 'true' } });
  const admin = await service.signedInAdmin();
  token = admin.token;
  adminId = admin.user.id;
});
afterAll(async () => {
  await service.close();
  await mcp.close();
});

const call = (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
  service.app.inject({ method, url, payload, headers: { authorization: `Bearer ${token}` } });

const auditOf = (targetId: string) =>
  service.db.auditLog.findMany({ where: { targetId, actorId: adminId }, orderBy: { createdAt: 'asc' } });

describe('MCP servers', () => {
  it('registers a server, lists its tools, keeps the header values secret and audits every change', async () => {
    const created = await call('POST', '/api/admin/mcp-servers', {
      transport: 'http',
      label: 'Team tools',
      url: mcp.url,
      headers: { Authorization: 'Bearer mcp-secret-token' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const server = created.json();
    expect(server).toMatchObject({
      label: 'Team tools',
      transport: 'http',
      url: mcp.url,
      headerNames: ['Authorization'],
      enabled: true,
      isDemo: false,
    });
    expect(server.id).toMatch(/^mcp_/);
    expect(server.tools.map((tool: { name: string }) => tool.name)).toEqual([
      'add',
      'get_weather',
      'slow',
      'big',
      'fail',
    ]);
    expect(server.toolsRefreshedAt).not.toBeNull();
    expect(created.body).not.toContain('mcp-secret-token');

    const row = await service.db.mcpServer.findUniqueOrThrow({ where: { id: server.id } });
    expect(row.headersEncrypted).toBeTruthy();
    expect(row.headersEncrypted).not.toContain('mcp-secret-token');

    const listed = await call('GET', '/api/admin/mcp-servers');
    expect(listed.json().items.map((item: { id: string }) => item.id)).toContain(server.id);

    const disabled = await call('PATCH', `/api/admin/mcp-servers/${server.id}`, {
      enabled: false,
      label: 'Old tools',
    });
    expect(disabled.statusCode, disabled.body).toBe(200);
    expect(disabled.json()).toMatchObject({
      enabled: false,
      label: 'Old tools',
      headerNames: ['Authorization'],
    });

    const refreshed = await call('POST', `/api/admin/mcp-servers/${server.id}/tools/refresh`);
    expect(refreshed.statusCode, refreshed.body).toBe(200);

    const removed = await call('DELETE', `/api/admin/mcp-servers/${server.id}`);
    expect(removed.statusCode).toBe(204);
    expect(await service.db.mcpServer.findUnique({ where: { id: server.id } })).toBeNull();

    const audit = await auditOf(server.id);
    expect(audit.map((entry) => entry.action)).toEqual([
      'mcp-server.create',
      'mcp-server.update',
      'mcp-server.refresh-tools',
      'mcp-server.delete',
    ]);
    expect(JSON.stringify(audit)).not.toContain('mcp-secret-token');
    expect(audit[0]?.after).toMatchObject({ headerNames: ['Authorization'], url: mcp.url });
  });

  it('answers 404 in the envelope for unknown and malformed ids', async () => {
    for (const id of ['mcp_00000000000000000000', 'not-an-id', 'prv_00000000000000000000']) {
      for (const [method, url] of [
        ['PATCH', `/api/admin/mcp-servers/${id}`],
        ['DELETE', `/api/admin/mcp-servers/${id}`],
        ['POST', `/api/admin/mcp-servers/${id}/tools/refresh`],
      ] as const) {
        const response = await call(method, url, method === 'PATCH' ? { enabled: true } : undefined);
        expect(response.statusCode, `${method} ${url}`).toBe(404);
        expect(response.json()).toMatchObject({
          error: { code: 'NOT_FOUND' },
          requestId: expect.any(String),
        });
      }
    }
  });

  it('refuses bad input with 400: credentials in the URL, no URL, a stdio server the operator did not allow', async () => {
    const cases = [
      { transport: 'http', label: 'x', url: 'http://user:pass@example.com/mcp' },
      { transport: 'http', label: 'x' },
      { transport: 'ftp', label: 'x', url: 'ftp://example.com' },
      { transport: 'http', label: '  ', url: 'https://example.com/mcp' },
      { transport: 'stdio', label: 'local', command: 'node', args: ['server.js'] },
    ];
    for (const payload of cases) {
      const response = await call('POST', '/api/admin/mcp-servers', payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.json().error.code).toBe('VALIDATION_FAILED');
    }
    const stdio = await call('POST', '/api/admin/mcp-servers', cases[4]);
    expect(stdio.json().error.message).toMatch(/MCP_ALLOW_STDIO/);
  });

  it('keeps a server it cannot reach, without tools, and says so when asked to refresh', async () => {
    const closed = await startTestMcpServer();
    const url = closed.url;
    await closed.close();
    const created = await call('POST', '/api/admin/mcp-servers', { transport: 'http', label: 'Down', url });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ tools: [], toolsRefreshedAt: null });
    const refreshed = await call('POST', `/api/admin/mcp-servers/${created.json().id}/tools/refresh`);
    expect(refreshed.statusCode).toBe(503);
    expect(refreshed.json().error.code).toBe('UPSTREAM_UNAVAILABLE');
    await call('DELETE', `/api/admin/mcp-servers/${created.json().id}`);
  });
});

describe('the egress guard', () => {
  it('refuses a private MCP server URL and search URL unless the operator allows them', async () => {
    const strict = await startTestAdminService();
    try {
      const admin = await strict.signedInAdmin();
      const headers = { authorization: `Bearer ${admin.token}` };
      for (const [method, url, payload] of [
        ['POST', '/api/admin/mcp-servers', { transport: 'http', label: 'Local', url: mcp.url }],
        ['PUT', '/api/admin/tool-settings', { webSearchUrl: 'http://127.0.0.1:9/' }],
      ] as const) {
        const response = await strict.app.inject({ method, url, payload, headers });
        expect(response.statusCode, url).toBe(400);
        expect(response.json().error.message).toMatch(/EGRESS_ALLOW_PRIVATE/);
      }
    } finally {
      await strict.close();
    }
  });
});

describe('tool settings', () => {
  it('sets and clears the web search URL, audited', async () => {
    const set = await call('PUT', '/api/admin/tool-settings', { webSearchUrl: 'http://127.0.0.1:9/searx' });
    expect(set.statusCode, set.body).toBe(200);
    expect((await call('GET', '/api/admin/tool-settings')).json()).toEqual({
      webSearchUrl: 'http://127.0.0.1:9/searx',
    });
    const cleared = await call('PUT', '/api/admin/tool-settings', { webSearchUrl: null });
    expect(cleared.json()).toEqual({ webSearchUrl: null });
    const audit = await auditOf('tools');
    expect(audit.slice(-2).map((entry) => entry.after)).toEqual([
      { webSearchUrl: 'http://127.0.0.1:9/searx' },
      { webSearchUrl: null },
    ]);
    expect((await call('PUT', '/api/admin/tool-settings', { webSearchUrl: 'not a url' })).statusCode).toBe(
      400,
    );
  });
});
