// After `next build`: the standalone server serves /_next/static and public/ only from its own
// folder, and Next leaves copying them to the deployer. Done here once, so the start command, the
// browser tests and the container image all run the same complete folder.
import { cpSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const web = join(import.meta.dirname, '..');
const target = join(web, '.next', 'standalone', 'apps', 'web');
if (!existsSync(join(target, 'server.js'))) {
  console.error('no .next/standalone/apps/web/server.js: is `output: "standalone"` set in next.config.ts?');
  process.exit(1);
}
for (const [from, to] of [
  [join(web, '.next', 'static'), join(target, '.next', 'static')],
  [join(web, 'public'), join(target, 'public')],
]) {
  rmSync(to, { recursive: true, force: true });
  cpSync(from, to, { recursive: true });
}
