import { AppError, isId, ToolSummary, type AvailableTools } from '@vivier/contracts';
import type { ToolApprovals } from '@vivier/bus';
import { readMcpServers, readWebSearchUrl, type ChatDb } from '@vivier/db';
import type { Logger } from '@vivier/service-kit';
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
}) {
  return {
    async listAvailableTools(): Promise<AvailableTools> {
      const [servers, webSearchUrl] = await Promise.all([readMcpServers(deps.db), readWebSearchUrl(deps.db)]);
      return {
        mcpServers: servers.map((server) => ({
          id: server.id,
          label: server.label,
          isDemo: server.isDemo,
          tools: (StoredTools.safeParse(server.tools).data ?? []).map(({ name, description }) => ({
            name,
            description,
          })),
        })),
        webSearch: webSearchUrl !== null,
      };
    },

    /** 404 for another user's generation, and for a call that is not waiting (answered, timed out, unknown). */
    async answerToolCall(
      userId: string,
      generationId: string,
      callId: string,
      approved: boolean,
    ): Promise<void> {
      await deps.generations.assertOwnsGeneration(userId, generationId);
      if (
        !isId('generation', generationId) ||
        !(await deps.approvals.answer(generationId, callId, approved))
      ) {
        throw new AppError('NOT_FOUND', 'No tool call is waiting for confirmation under this id');
      }
      deps.logger.info({ generationId, callId, approved }, 'tool call answered');
    },
  };
}

export type ToolService = ReturnType<typeof createToolService>;
