import {
  AppError,
  DEMO_MCP_SERVER_ID,
  DEMO_MCP_SERVER_LABEL,
  ToolSummary,
  type AvailableTools,
} from '@vivier/contracts';
import type { ToolApprovals } from '@vivier/bus';
import { readMcpServers, readWebSearchUrl, type ChatDb } from '@vivier/db';
import type { Logger } from '@vivier/service-kit';
import { demoMcpServer, openMcpSession } from '@vivier/tools';
import { z } from 'zod';
import type { GenerationService } from './generation-service';

const StoredTools = z.array(ToolSummary.passthrough());

/**
 * What users see of tools: the MCP servers an admin registered (with the tools they listed when
 * last asked, stored by admin-service) and whether web search is set up; and the answer to a tool
 * call waiting for confirmation.
 */
export function createToolService(deps: {
  db: Pick<ChatDb, '$queryRaw'>;
  approvals: Pick<ToolApprovals, 'answer'>;
  generations: Pick<GenerationService, 'assertOwnsGeneration'>;
  logger: Logger;
  /** DEMO_MCP_URL: the Offline demo's MCP server, listed first. */
  demo?: { url: string; connectTimeoutMs: number };
}) {
  /** The demo server's tools, asked once and kept (it is a fixed local server). */
  let demoTools: Promise<AvailableTools['mcpServers']> | undefined;
  function listDemo(): Promise<AvailableTools['mcpServers']> {
    const { demo } = deps;
    if (!demo) return Promise.resolve([]);
    demoTools ??= (async () => {
      const session = await openMcpSession(demoMcpServer(demo.url), {
        fetch: globalThis.fetch,
        allowStdio: false,
        timeoutMs: demo.connectTimeoutMs,
      });
      try {
        const tools = await session.listTools();
        return [
          {
            id: DEMO_MCP_SERVER_ID,
            label: DEMO_MCP_SERVER_LABEL,
            isDemo: true,
            tools: tools.map(({ name, description }) => ({ name, description })),
          },
        ];
      } finally {
        await session.close();
      }
    })().catch((error: unknown) => {
      deps.logger.warn({ err: error }, 'the demo MCP server did not answer; its tools are not offered');
      demoTools = undefined; // ask again next time
      return [];
    });
    return demoTools;
  }

  return {
    async listAvailableTools(): Promise<AvailableTools> {
      const [demo, servers, webSearchUrl] = await Promise.all([
        listDemo(),
        readMcpServers(deps.db),
        readWebSearchUrl(deps.db),
      ]);
      return {
        mcpServers: [
          ...demo,
          ...servers.map((server) => ({
            id: server.id,
            label: server.label,
            isDemo: server.isDemo,
            tools: (StoredTools.safeParse(server.tools).data ?? []).map(({ name, description }) => ({
              name,
              description,
            })),
          })),
        ],
        webSearch: webSearchUrl !== null,
      };
    },

    /** 404 for another user's generation; 409 for a call that is not waiting (answered, timed out, unknown). */
    async answerToolCall(
      userId: string,
      generationId: string,
      callId: string,
      approved: boolean,
    ): Promise<void> {
      await deps.generations.assertOwnsGeneration(userId, generationId);
      if (!(await deps.approvals.answer(generationId, callId, approved))) {
        throw new AppError(
          'CONFLICT',
          'No tool call of this answer is waiting for confirmation under this id (answered, timed out or unknown)',
        );
      }
      deps.logger.info({ generationId, callId, approved }, 'tool call answered');
    },
  };
}

export type ToolService = ReturnType<typeof createToolService>;
