// The architecture's boundaries as lint rules (STYLE.md 16), built from ESLint's own
// `no-restricted-imports` and `no-restricted-syntax` rather than a plugin: the checks are on import
// specifiers and one member expression, so they need no module resolver (which would cost the
// type-aware lint more time and memory), and the app and package names come from the folders.
//
// - An app never imports another app (by relative path or by package name): shared code goes into
//   a package.
// - A package is imported through its exports (`@vivier/x`, or a subpath it exports), never its
//   src/ or dist/ files.
// - Only a service's `src/env.ts` reads process.env (through @vivier/config's parseEnv); tests,
//   their helpers and the dev tooling may read it too.
// - The web app's browser and edge code imports no server-only package and no Node built-in.
//
// Dynamic `import()` and `require()` are not checked (no-restricted-imports does not see them).
import { readdirSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';

/** Each workspace folder's name under `folder` (apps or packages). */
function workspaceNames(root, folder) {
  return readdirSync(join(root, folder), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);
}

const either = (names) => `(${names.map((name) => name.replace(/[.+]/g, '\\$&')).join('|')})`;

/** Packages with Node-only code (Prisma, Redis, Fastify, the providers' SDKs, env loading). */
const SERVER_ONLY_PACKAGES = [
  '@vivier/bus',
  '@vivier/config',
  '@vivier/db',
  '@vivier/providers',
  '@vivier/service-kit',
  '@vivier/storage',
  '@vivier/testkit',
];

/**
 * Files that may read process.env: each service's env schema, the loader it calls, tests and
 * their helpers (`test-*.ts`, the testkit, fixture processes), and the dev tooling.
 */
const PROCESS_ENV_READERS = [
  'apps/*/src/env.ts',
  'packages/config/src/parse-env.ts',
  '**/*.test.ts',
  '**/test-*.ts',
  'packages/*/src/fixtures/**',
  'packages/testkit/**',
  'e2e/**',
  'apps/web/e2e/**',
  'scripts/**',
  'tooling/**',
  'bench/**',
];

const PROCESS_ENV_MESSAGE =
  "Read configuration in this service's src/env.ts (parseEnv from @vivier/config) and pass it down; only env.ts, tests and tooling read process.env.";

export function boundaries(root) {
  const apps = workspaceNames(root, 'apps');
  const packages = workspaceNames(root, 'packages');

  const common = {
    paths: [
      { name: 'node:process', importNames: ['env'], message: PROCESS_ENV_MESSAGE },
      { name: 'process', importNames: ['env'], message: PROCESS_ENV_MESSAGE },
    ],
    patterns: [
      {
        regex: `^@vivier/${either(apps)}(/|$)`,
        message: 'An app is not a library: move the code both need into a package (packages/*).',
      },
      {
        regex: '^@vivier/[^/]+/(src|dist)(/|$)',
        message: "Import a package through its exports ('@vivier/x' or a subpath it exports), not its files.",
      },
      {
        regex: '^(\\.\\./)+(.*/)?packages/[^/]+/(src|dist)(/|$)',
        message: "Import a package through its exports ('@vivier/x' or a subpath it exports), not its files.",
      },
      {
        regex: '^(\\.\\./)+(.*/)?apps/[^/]+/',
        message: "Only an app's own files import its code: move what is shared into a package (packages/*).",
      },
    ],
  };

  /** The common restrictions plus `extra`, as one rule setting (a later block replaces, not merges). */
  const restrict = (extra = {}) => [
    'error',
    {
      paths: [...common.paths, ...(extra.paths ?? [])],
      patterns: [...common.patterns, ...(extra.patterns ?? [])],
    },
  ];

  const intoOtherPackage = (own) => ({
    regex: `^(\\.\\./)+${either(packages.filter((name) => name !== own))}/(src|dist)(/|$)`,
    message: "Import a package through its exports ('@vivier/x' or a subpath it exports), not its files.",
  });
  const intoOtherApp = (own) => ({
    regex: `^(\\.\\./)+(apps/)?${either(apps.filter((name) => name !== own))}(/|$)`,
    message: 'An app never imports another app: move the code both need into a package (packages/*).',
  });

  const serverOnly = {
    paths: SERVER_ONLY_PACKAGES.map((name) => ({
      name,
      message:
        'Server-only package: the web app talks to the gateway over HTTP, and imports only @vivier/contracts.',
    })),
    patterns: [
      {
        regex: `^(node:.*|${either(builtinModules.filter((name) => !name.startsWith('_')))}(/.*)?)$`,
        message:
          'Node built-ins do not exist in the browser: keep this code on the server (a gateway route).',
      },
      {
        regex: '^(@prisma/.*|prisma|ioredis|bullmq|pg|fastify|@fastify/.*|pino)$',
        message: 'Server-only dependency: the web app talks to the gateway over HTTP.',
      },
    ],
  };

  return [
    { rules: { 'no-restricted-imports': restrict() } },
    ...packages.map((name) => ({
      files: [`packages/${name}/**`],
      rules: { 'no-restricted-imports': restrict({ patterns: [intoOtherPackage(name)] }) },
    })),
    ...apps.map((name) => ({
      files: [`apps/${name}/**`],
      rules: { 'no-restricted-imports': restrict({ patterns: [intoOtherApp(name)] }) },
    })),
    {
      // The web app's pages, components and edge proxy (its e2e/ suite drives the stack from Node).
      files: ['apps/web/app/**', 'apps/web/src/**', 'apps/web/*.{ts,tsx}'],
      rules: {
        'no-restricted-imports': restrict({
          paths: serverOnly.paths,
          patterns: [intoOtherApp('web'), ...serverOnly.patterns],
        }),
      },
    },
    {
      rules: {
        'no-restricted-syntax': [
          'error',
          {
            // Spreading the environment into a child process's is passing it on, not reading it.
            selector:
              "MemberExpression[object.name='process'][property.name='env']:not(SpreadElement > .argument)",
            message: PROCESS_ENV_MESSAGE,
          },
          {
            selector: "VariableDeclarator[init.name='process'] > ObjectPattern > Property[key.name='env']",
            message: PROCESS_ENV_MESSAGE,
          },
        ],
      },
    },
    { files: PROCESS_ENV_READERS, rules: { 'no-restricted-syntax': 'off' } },
  ];
}
