import { guardedFetch } from '@vivier/providers';
import {
  startSearxStandIn,
  startTestMcpServer,
  type SearxStandIn,
  type TestMcpServer,
} from '@vivier/testkit/tool-servers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openToolBox, type ToolBoxOptions } from './tool-box';
import type { McpServerConnection } from './mcp-session';

let mcp: TestMcpServer;
let searx: SearxStandIn;
beforeAll(async () => {
  [mcp, searx] = await Promise.all([
    startTestMcpServer({ bearerToken: 'secret-token' }),
    startSearxStandIn(),
  ]);
});
afterAll(async () => {
  await Promise.all([mcp.close(), searx.close()]);
});

const server = (): McpServerConnection => ({
  id: 'mcp_test',
  label: 'Test tools',
  transport: 'http',
  url: mcp.url,
  command: null,
  args: [],
  headers: { Authorization: 'Bearer secret-token' },
});

function options(overrides: Partial<ToolBoxOptions> = {}): ToolBoxOptions {
  return {
    servers: [server()],
    webSearchUrl: null,
    fetch: guardedFetch({ allowPrivate: true }),
    allowStdio: false,
    connectTimeoutMs: 5_000,
    callTimeoutMs: 5_000,
    maxOutputChars: 1_000,
    ...overrides,
  };
}

const run = { signal: new AbortController().signal, firstSourceIndex: 1 };

describe('openToolBox with a real MCP server', () => {
  it('offers the server tools with their JSON schemas and runs a call with the stored headers', async () => {
    const box = await openToolBox(options());
    try {
      const add = box.definitions.find((tool) => tool.name === 'add');
      expect(add?.description).toBe('Adds two numbers and returns the sum.');
      expect(add?.parameters).toMatchObject({ type: 'object', properties: { a: { type: 'number' } } });
      expect(box.sourceOf('add')).toBe('Test tools');
      const result = await box.run({ name: 'add', arguments: { a: 2, b: 40 } }, run);
      expect(result).toEqual({ content: '42', isError: false, sources: [] });
      expect(mcp.calls.at(-1)?.headers.authorization).toBe('Bearer secret-token');
    } finally {
      await box.close();
    }
  });

  it('reports tool errors, bad arguments and unknown tools as error results', async () => {
    const box = await openToolBox(options());
    try {
      expect(await box.run({ name: 'fail', arguments: {} }, run)).toMatchObject({
        content: 'the tool failed on purpose',
        isError: true,
      });
      expect((await box.run({ name: 'add', arguments: { a: 'two' } }, run)).isError).toBe(true);
      expect(await box.run({ name: 'nope', arguments: {} }, run)).toMatchObject({
        content: 'There is no tool named nope.',
        isError: true,
      });
    } finally {
      await box.close();
    }
  });

  it('stops a call at its time limit and cuts long output', async () => {
    const box = await openToolBox(options({ callTimeoutMs: 200 }));
    try {
      const slow = await box.run({ name: 'slow', arguments: { ms: 30_000 } }, run);
      expect(slow.isError).toBe(true);
      expect(slow.content).toMatch(/timed out/i);
      const big = await box.run({ name: 'big', arguments: { chars: 5_000 } }, run);
      expect(big.content).toMatch(/^x{1000}\n… \(cut at 1000 of 5000 characters\)$/);
    } finally {
      await box.close();
    }
  });

  it('leaves out a server the egress guard refuses (a private address) and says so', async () => {
    const refused: unknown[] = [];
    const box = await openToolBox(
      options({
        fetch: guardedFetch({ allowPrivate: false }),
        onUnavailable: (_, error) => refused.push(error),
      }),
    );
    expect(box.definitions).toEqual([]);
    expect(String(refused[0])).toMatch(/could not connect to Test tools/);
    await box.close();
  });

  it('leaves out a server whose token is wrong', async () => {
    const refused: unknown[] = [];
    const box = await openToolBox(
      options({
        servers: [{ ...server(), headers: { Authorization: 'Bearer wrong' } }],
        onUnavailable: (_, error) => refused.push(error),
      }),
    );
    expect(box.definitions).toEqual([]);
    expect(refused).toHaveLength(1);
    await box.close();
  });

  it('refuses stdio servers unless the operator allows them', async () => {
    const refused: unknown[] = [];
    const box = await openToolBox(
      options({
        servers: [{ ...server(), transport: 'stdio', url: null, command: 'node', args: ['-e', ''] }],
        onUnavailable: (_, error) => refused.push(error),
      }),
    );
    expect(String(refused[0])).toMatch(/MCP_ALLOW_STDIO/);
    await box.close();
  });
});

describe('web search', () => {
  it('queries the SearXNG endpoint, reads the top pages as text and numbers them from the given index', async () => {
    const box = await openToolBox(options({ servers: [], webSearchUrl: searx.url }));
    const result = await box.run(
      { name: 'web_search', arguments: { query: 'lanterns' } },
      { ...run, firstSourceIndex: 4 },
    );
    expect(searx.queries.at(-1)).toBe('lanterns');
    expect(result.isError).toBe(false);
    expect(result.sources).toHaveLength(3);
    expect(result.sources[0]).toMatchObject({ title: 'Result 1 about lanterns' });
    expect(result.sources[0]?.excerpt).toContain(
      'Page 1 explains lanterns: lanterns & rivers, fact number 7.',
    );
    expect(result.sources[0]?.excerpt).not.toContain('tracking');
    expect(result.content).toMatch(
      /^\[4\] Result 1 about lanterns \(http:\/\/127\.0\.0\.1:\d+\/pages\/1\?q=lanterns\)/,
    );
    expect(result.content).toContain('[6] Result 3 about lanterns');
  });

  it('is refused by the egress guard for a private search URL unless allowed', async () => {
    const box = await openToolBox(
      options({ servers: [], webSearchUrl: searx.url, fetch: guardedFetch({ allowPrivate: false }) }),
    );
    const result = await box.run({ name: 'web_search', arguments: { query: 'x' } }, run);
    expect(result.isError).toBe(true);
    expect(result.content).toMatch(/web_search failed/);
  });
});
