import {
  AppError,
  PROMPTS_MAX_PER_USER,
  type CreatePromptRequest,
  type Prompt,
  type UpdatePromptRequest,
} from '@vivier/contracts';
import { isUniqueViolation, type ChatDb } from '@vivier/db';
import { findOwnedRow, type Logger } from '@vivier/service-kit';

export interface PromptServiceDeps {
  db: ChatDb;
  logger: Logger;
  newId: (kind: 'prompt') => string;
}

type PromptRow = Awaited<ReturnType<ChatDb['prompt']['findFirstOrThrow']>>;

const notFound = () => new AppError('NOT_FOUND', 'Prompt not found');
const commandTaken = (command: string) =>
  new AppError('CONFLICT', `You already have a prompt with the command /${command}`, {
    details: [{ path: 'command', message: 'already used by another of your prompts' }],
  });

export function createPromptService(deps: PromptServiceDeps) {
  const { db } = deps;

  const findOwned = (userId: string, id: string): Promise<PromptRow> =>
    findOwnedRow('prompt', id, () => db.prompt.findFirst({ where: { id, userId } }), notFound);

  async function rethrowTaken<T>(command: string | undefined, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (command !== undefined && isUniqueViolation(error)) throw commandTaken(command);
      throw error;
    }
  }

  return {
    /** Sorted by command: the order the composer's `/` list shows them in. */
    async listPrompts(userId: string): Promise<Prompt[]> {
      const rows = await db.prompt.findMany({ where: { userId }, orderBy: [{ command: 'asc' }] });
      return rows.map(toPromptView);
    },

    async createPrompt(userId: string, input: CreatePromptRequest): Promise<Prompt> {
      const count = await db.prompt.count({ where: { userId } });
      if (count >= PROMPTS_MAX_PER_USER) {
        throw new AppError('CONFLICT', `You can keep at most ${PROMPTS_MAX_PER_USER} prompts`);
      }
      const row = await rethrowTaken(input.command, () =>
        db.prompt.create({ data: { id: deps.newId('prompt'), userId, ...input } }),
      );
      deps.logger.info({ promptId: row.id, userId }, 'prompt created');
      return toPromptView(row);
    },

    async updatePrompt(userId: string, promptId: string, patch: UpdatePromptRequest): Promise<Prompt> {
      const row = await findOwned(userId, promptId);
      const updated = await rethrowTaken(patch.command, () =>
        db.prompt.update({ where: { id: row.id }, data: patch }),
      );
      return toPromptView(updated);
    },

    async deletePrompt(userId: string, promptId: string): Promise<void> {
      const row = await findOwned(userId, promptId);
      await db.prompt.delete({ where: { id: row.id } });
      deps.logger.info({ promptId, userId }, 'prompt deleted');
    },
  };
}

export type PromptService = ReturnType<typeof createPromptService>;

const toPromptView = (row: PromptRow): Prompt => ({
  id: row.id,
  title: row.title,
  command: row.command,
  content: row.content,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});
