// First-load JavaScript of the main routes, from the production build in .next: the root main
// files plus each route's entry chunks (its client reference manifest). Chunks loaded later by
// dynamic import (Markdown renderer, contracts, syntax highlighter) are not counted, nor the
// polyfills that only browsers without ES modules load. `pnpm --filter @vivier/web size`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const NEXT_DIR = join(import.meta.dirname, '..', '.next');
const read = (path) => readFileSync(join(NEXT_DIR, path));
const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;

const buildManifest = JSON.parse(read('build-manifest.json').toString());
globalThis.self = globalThis;
for (const route of ['/chat/[chatId]/page', '/chat/page', '/(auth)/login/page']) {
  // The manifest is a script that assigns globalThis.__RSC_MANIFEST[route].
  new Function(read(`server/app${route}_client-reference-manifest.js`).toString())();
  const manifest = globalThis.__RSC_MANIFEST[route];
  const files = new Set(buildManifest.rootMainFiles);
  for (const chunks of Object.values(manifest.entryJSFiles ?? {})) for (const file of chunks) files.add(file);
  let raw = 0;
  let gzip = 0;
  for (const file of files) {
    const bytes = read(file);
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
  }
  console.log(`${route.padEnd(22)} ${files.size} files, ${kib(raw)} raw, ${kib(gzip)} gzip`);
}
