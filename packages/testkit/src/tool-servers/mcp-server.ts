import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';

/** One tool call the server received, for tests to assert on. */
export interface McpCallRecord {
  name: string;
  arguments: Record<string, unknown>;
  headers: Record<string, string | string[] | undefined>;
}

export interface TestMcpServer {
  /** The Streamable HTTP endpoint: `http://127.0.0.1:PORT/mcp`. */
  url: string;
  port: number;
  calls: McpCallRecord[];
  close(): Promise<void>;
}

export interface TestMcpServerOptions {
  port?: number;
  host?: string;
  /** When set, requests without `Authorization: Bearer <token>` are refused with 401. */
  bearerToken?: string;
}

/** Waits `ms`, or less when the client cancels the call. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** The demo tools: plain enough to call from a chat, varied enough to test limits and failures. */
function buildServer(record: (name: string, args: Record<string, unknown>) => void): McpServer {
  const server = new McpServer({ name: 'vivier-test-tools', version: '1.0.0' });
  server.registerTool(
    'add',
    { description: 'Adds two numbers and returns the sum.', inputSchema: { a: z.number(), b: z.number() } },
    ({ a, b }) => {
      record('add', { a, b });
      return { content: [{ type: 'text', text: String(a + b) }] };
    },
  );
  server.registerTool(
    'get_weather',
    { description: 'The (made-up) current weather in a city.', inputSchema: { city: z.string() } },
    ({ city }) => {
      record('get_weather', { city });
      return { content: [{ type: 'text', text: `Sunny and 21 °C in ${city} (demo data).` }] };
    },
  );
  server.registerTool(
    'slow',
    {
      description: 'Answers after `ms` milliseconds.',
      inputSchema: { ms: z.number().int().min(0).max(600_000) },
    },
    async ({ ms }, extra) => {
      record('slow', { ms });
      await pause(ms, extra.signal);
      return { content: [{ type: 'text', text: `waited ${ms} ms` }] };
    },
  );
  server.registerTool(
    'big',
    {
      description: 'Returns `chars` characters of text.',
      inputSchema: { chars: z.number().int().min(0).max(5_000_000) },
    },
    ({ chars }) => {
      record('big', { chars });
      return { content: [{ type: 'text', text: 'x'.repeat(chars) }] };
    },
  );
  server.registerTool('fail', { description: 'Always fails.', inputSchema: {} }, () => {
    record('fail', {});
    return { content: [{ type: 'text', text: 'the tool failed on purpose' }], isError: true };
  });
  return server;
}

/**
 * A real MCP server (the official SDK's McpServer) over Streamable HTTP, stateless: each POST gets
 * a fresh server and transport, as the SDK's stateless example does.
 */
export async function startTestMcpServer(options: TestMcpServerOptions = {}): Promise<TestMcpServer> {
  const calls: McpCallRecord[] = [];
  async function handle(request: IncomingMessage, response: ServerResponse) {
    const url = new URL(request.url ?? '/', 'http://mcp.local');
    if (url.pathname !== '/mcp') {
      response.writeHead(404).end();
      return;
    }
    if (options.bearerToken && request.headers.authorization !== `Bearer ${options.bearerToken}`) {
      response.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"unauthorized"}');
      return;
    }
    if (request.method !== 'POST') {
      // Stateless: no server-to-client stream and no sessions to delete.
      response.writeHead(405, { allow: 'POST' }).end();
      return;
    }
    const headers = { ...request.headers };
    const server = buildServer((name, args) => calls.push({ name, arguments: args, headers }));
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    response.on('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(request, response);
  }
  const http = createServer((request, response) => {
    handle(request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500).end();
      else response.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    port,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      }),
  };
}
