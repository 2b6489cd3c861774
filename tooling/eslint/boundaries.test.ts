import { join } from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

// The repository's own eslint.config.mjs, on snippets placed at virtual paths. The type-aware rules
// are switched off: they need each file in a tsconfig, and the boundaries need no types.
const ROOT = join(import.meta.dirname, '../..');
const eslint = new ESLint({ cwd: ROOT, overrideConfig: tseslint.configs.disableTypeChecked });

/** The boundary rules that fire on `code` placed at `filePath` (relative to the repository). */
async function boundaryProblems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, filePath) });
  const messages = result?.messages ?? [];
  const fatal = messages.filter((message) => message.fatal);
  if (fatal.length > 0) throw new Error(fatal.map((message) => message.message).join('\n'));
  return messages
    .filter(
      (message) => message.ruleId === 'no-restricted-imports' || message.ruleId === 'no-restricted-syntax',
    )
    .map((message) => message.message);
}

describe('an app never imports another app', () => {
  it('reports a relative import into another app', async () => {
    const problems = await boundaryProblems(
      'apps/chat-service/src/services/usage.ts',
      "import { listUsers } from '../../../admin-service/src/services/user-service';\nexport { listUsers };\n",
    );
    expect(problems).toEqual([expect.stringContaining('An app never imports another app')]);
  });

  it('reports an import of another app by its package name', async () => {
    const problems = await boundaryProblems(
      'apps/gateway/src/lib/routes.ts',
      "import { buildApp } from '@vivier/chat-service';\nexport { buildApp };\n",
    );
    expect(problems).toEqual([expect.stringContaining('An app is not a library')]);
  });

  it("reports scripts reaching into an app's files", async () => {
    const problems = await boundaryProblems(
      'scripts/report.ts',
      "import { usageQuery } from '../apps/admin-service/src/services/stats-queries';\nexport { usageQuery };\n",
    );
    expect(problems).toEqual([expect.stringContaining("Only an app's own files import its code")]);
  });

  it("allows an app's own files and packages", async () => {
    const problems = await boundaryProblems(
      'apps/chat-service/src/routes/chats.ts',
      [
        "import { AppError } from '@vivier/service-kit';",
        "import { ChatSchema } from '@vivier/contracts';",
        "import { runBadInputChecks } from '@vivier/testkit/bad-input';",
        "import { createChatService } from '../services/chat-service';",
        'export { AppError, ChatSchema, createChatService, runBadInputChecks };',
      ].join('\n'),
    );
    expect(problems).toEqual([]);
  });
});

describe('a package is imported through its exports, never its files', () => {
  it('reports a deep import by package name', async () => {
    const problems = await boundaryProblems(
      'apps/gateway/src/app.ts',
      "import { ERROR_STATUS } from '@vivier/service-kit/src/error-handler';\nexport { ERROR_STATUS };\n",
    );
    expect(problems).toEqual([expect.stringContaining('through its exports')]);
  });

  it("reports a relative import into a package's src from outside packages/", async () => {
    const problems = await boundaryProblems(
      'apps/web/e2e/support/reply.ts',
      "export { fakeReply } from '../../../../packages/testkit/src/fake-llm/reply';\n",
    );
    expect(problems).toEqual([expect.stringContaining('through its exports')]);
  });

  it("reports a relative import into another package's src from a package", async () => {
    const problems = await boundaryProblems(
      'packages/bus/src/events.ts',
      "import { busStreamNames } from '../../contracts/src/events';\nexport { busStreamNames };\n",
    );
    expect(problems).toEqual([expect.stringContaining('through its exports')]);
  });
});

describe('only env.ts, tests and tooling read process.env', () => {
  it('reports process.env read in a service module', async () => {
    const problems = await boundaryProblems(
      'apps/chat-service/src/services/search.ts',
      'export const limit = Number(process.env.SEARCH_LIMIT ?? 20);\n',
    );
    expect(problems).toEqual([expect.stringContaining("this service's src/env.ts")]);
  });

  it('reports process.env destructured or imported in a package', async () => {
    const destructured = await boundaryProblems(
      'packages/bus/src/options.ts',
      'const { env } = process;\nexport const prefix = env.REDIS_PREFIX;\n',
    );
    const imported = await boundaryProblems(
      'packages/providers/src/keys.ts',
      "import { env } from 'node:process';\nexport const key = env.OPENAI_API_KEY;\n",
    );
    expect(destructured).toEqual([expect.stringContaining("this service's src/env.ts")]);
    expect(imported).toEqual([expect.stringContaining("this service's src/env.ts")]);
  });

  it("allows a service's env.ts, tests, scripts and passing the environment to a child process", async () => {
    const read = 'export const port = process.env.PORT;\n';
    expect(await boundaryProblems('apps/chat-service/src/env.ts', read)).toEqual([]);
    expect(await boundaryProblems('apps/chat-service/src/routes/chats.int.test.ts', read)).toEqual([]);
    expect(await boundaryProblems('scripts/start.ts', read)).toEqual([]);
    expect(
      await boundaryProblems(
        'packages/db/src/migrate.ts',
        "export const childEnv = { ...process.env, CHECKPOINT_DISABLE: '1' };\n",
      ),
    ).toEqual([]);
  });
});

describe("the web app's browser code imports no server-only code", () => {
  it('reports a server-only package and a Node built-in in a component', async () => {
    const problems = await boundaryProblems(
      'apps/web/src/components/chat/chat-screen.tsx',
      [
        "import { createPrismaClient } from '@vivier/db';",
        "import { readFileSync } from 'node:fs';",
        "import { join } from 'path';",
        'export { createPrismaClient, readFileSync, join };',
      ].join('\n'),
    );
    expect(problems).toEqual([
      expect.stringContaining('Server-only package'),
      expect.stringContaining('Node built-ins'),
      expect.stringContaining('Node built-ins'),
    ]);
  });

  it('allows contracts in a page and the server packages in its end-to-end suite', async () => {
    expect(
      await boundaryProblems(
        'apps/web/src/lib/api.ts',
        "import { ChatSchema } from '@vivier/contracts';\nexport { ChatSchema };\n",
      ),
    ).toEqual([]);
    expect(
      await boundaryProblems(
        'apps/web/e2e/support/database.ts',
        "import { createPrismaClient } from '@vivier/db';\nexport { createPrismaClient };\n",
      ),
    ).toEqual([]);
  });
});
